# Every example of the cmdlet help (module/help/*.md) and of about_GeoOrchestration, and every
# PowerShell and sh block of README.md, runs for real in a fresh pwsh with the built module and a fresh
# store (ExampleRunner.psm1 says how,
# and what an example's <!-- test: ... --> directives and placeholders mean). Picks up whatever
# help files exist; an example it cannot run says why in a skip directive, and those are listed.
BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'ExampleRunner.psm1') -Force
    $script:examples = @(Get-HelpExample)
    $script:runnable = @($examples | Where-Object { -not $_.Skip })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1')
    Import-Module (Join-Path $PSScriptRoot 'ExampleRunner.psm1') -Force
    Get-ModuleManifestPath | Out-Null
    $script:rasters = Join-Path ([IO.Path]::GetTempPath()) "geoorch-example-rasters-$PID"
    New-ExampleRasters -Folder $rasters
}

AfterAll {
    Remove-Item -Recurse -Force $rasters -ErrorAction Ignore
}

Describe 'Help and README examples' {
    It 'finds the examples of every cmdlet''s help and of README.md' {
        $examples = @(Get-HelpExample)
        $sources = $examples.Source | Sort-Object -Unique
        foreach ($name in (Import-PowerShellDataFile (Get-ModuleManifestPath)).CmdletsToExport) { $sources | Should -Contain "$name.md" }
        $sources | Should -Contain 'README.md'
    }

    It 'runs all but a few examples, and says which and why' {
        $skipped = @(Get-HelpExample | Where-Object Skip)
        foreach ($example in $skipped) { Write-Host "  not run: $($example.Source) $($example.Title): $($example.Skip)" }
        # Few, and each with its reason: a new exception must be added here on purpose.
        @($skipped | ForEach-Object { "$($_.Source): $($_.Title)" }) | Should -Be @(
            'Start-GeoWorker.md: Example 1: A container''s entrypoint',
            'Start-GeoWorker.md: Example 2: A worker with plug-in job types that exits when idle',
            'about_GeoOrchestration: A container''s entrypoint',
            'README.md: dotnet tool restore && dotnet pwsh ./build.ps1 -Task Test',
            'README.md: Import-Module ./out/GeoOrchestration',
            'README.md: geoorch worker --use-entra-id --credential managed-identity \',
            'README.md: bash deploy/build-images.sh',
            'README.md: $inv = Submit-GeoJob blob_inventory @{ source = ''az://scenes/2024'' } | Wait-GeoJob',
            'README.md: export AZURE_STORAGE_ACCOUNT=geodata',
            'README.md: Invoke-GeoJob raster_to_cog @{ source = ''az://scenes/2024''; destination = ''az://cogs/2024''; max_failed_files = 5 }',
            'README.md: export OTEL_EXPORTER_OTLP_ENDPOINT=http://otel-collector:4317',
            'README.md: dotnet run -c Release --project tests/GeoOrchestration.Benchmarks -- --filter ''*''')
    }

    It 'runs <Source>: <Title>' -ForEach $runnable {
        $result = if ($_.Shell) { Invoke-ShellExample -Example $_ -Rasters $rasters } else { Invoke-Example -Example $_ -Rasters $rasters }
        $result.ExitCode | Should -Be 0 -Because "the example failed:`n$($_.Code)`n---`n$($result.Output)"
    }
}
