# Module manifest of GeoOrchestration. The build (src/GeoOrchestration.PowerShell/ModuleLayout.targets)
# copies it into out/GeoOrchestration/ with ModuleVersion stamped from VersionPrefix in
# Directory.Build.props, the one place the version lives: leave the placeholder below as it is.
@{
    RootModule           = 'GeoOrchestration.PowerShell.dll'
    ModuleVersion        = '0.0.0'
    GUID                 = '5b0d6d2e-8a51-4c4e-9a44-6f1f0c3e7a12'
    Author               = 'GeoOrchestration contributors'
    CompanyName          = 'GeoOrchestration'
    Copyright            = '(c) GeoOrchestration contributors'
    Description          = 'Runs multi-stage geospatial ETL jobs (raster to Cloud-Optimized GeoTIFF with a STAC catalogue, and your own job types) reliably, with every state change in an embedded SQLite file (the default, nothing to set up) or in PostgreSQL: submit, wait, inspect, cancel, retry and remove jobs, and run workers, from PowerShell.'
    PowerShellVersion    = '7.4'
    CompatiblePSEditions = @('Core')
    FormatsToProcess     = @('GeoOrchestration.format.ps1xml', 'GeoOrchestration.Events.format.ps1xml', 'GeoOrchestration.Retention.format.ps1xml', 'GeoOrchestration.Workers.format.ps1xml')
    TypesToProcess       = @('GeoOrchestration.types.ps1xml')
    # The exception types of the module's errors, loaded where PowerShell resolves type names, so a
    # script can write catch [GeoOrchestration.Errors.GeoValidationException] (about_GeoOrchestration).
    RequiredAssemblies   = @('GeoOrchestration.PowerShell.Errors.dll')
    CmdletsToExport      = @(
        'Connect-GeoOrchestration'
        'Disconnect-GeoOrchestration'
        'Get-GeoConnection'
        'Invoke-GeoSchemaDeploy'
        'Get-GeoJobType'
        'Submit-GeoJob'
        'Get-GeoJob'
        'Wait-GeoJob'
        'Get-GeoTask'
        'Stop-GeoJob'
        'Restart-GeoJob'
        'Invoke-GeoJob'
        'Start-GeoWorker'
        'Remove-GeoJob'
        'Test-GeoWorkerHealth'
        'Get-GeoJobEvent'
        'Get-GeoRetention'
        'Set-GeoRetention'
        'Get-GeoWorker'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    FileList             = @(
        'GeoOrchestration.psd1'
        'GeoOrchestration.PowerShell.dll'
        'GeoOrchestration.PowerShell.Errors.dll'
        'GeoOrchestration.format.ps1xml'
        'GeoOrchestration.Events.format.ps1xml'
        'GeoOrchestration.Retention.format.ps1xml'
        'GeoOrchestration.Workers.format.ps1xml'
        'GeoOrchestration.types.ps1xml'
        'en-US/about_GeoOrchestration.help.txt'
        'en-US/GeoOrchestration.PowerShell.dll-Help.xml'
    )
    PrivateData          = @{
        PSData = @{
            Tags       = @('Geospatial', 'ETL', 'Orchestration', 'PostgreSQL', 'SQLite', 'Jobs', 'COG', 'STAC')
        }
    }
}
