# The module's dependencies load in their own AssemblyLoadContext: a session that already loaded
# other versions of the same assemblies (as Az modules do) imports it and runs a job.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1')
    $script:pg = Get-TestPostgres
    $packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { ((dotnet nuget locals global-packages --list) -replace '^global-packages:\s*', '').Trim() }
    # Restored by tests/GeoOrchestration.PowerShell.Tests (PackageDownload): older than the module's.
    $script:oldNpgsql = Join-Path $packages 'npgsql/8.0.5/lib/net8.0/Npgsql.dll'
    $script:oldLogging = Join-Path $packages 'microsoft.extensions.logging.abstractions/8.0.0/lib/net8.0/Microsoft.Extensions.Logging.Abstractions.dll'
}

Describe 'Dependency isolation' {
    It 'imports and runs a job in a session that loaded Npgsql 8 and its logging abstractions first' {
        $oldNpgsql | Should -Exist
        $oldLogging | Should -Exist
        $script = @"
`$ErrorActionPreference = 'Stop'
Add-Type -Path '$oldLogging'
Add-Type -Path '$oldNpgsql'
# Use the old Npgsql, so it is really loaded and working in the default context.
'before: ' + [Npgsql.NpgsqlConnectionStringBuilder]::new('Host=elsewhere').Host
Import-Module '$(Get-ModuleManifestPath)'
Connect-GeoOrchestration -ConnectionString '$pg' -Schema '$(New-TestSchema isolation)' | Out-Null
`$job = Invoke-GeoJob hello_world -count 2 -Deploy -WarningAction SilentlyContinue
'job: ' + `$job.Status
foreach (`$assembly in [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -eq 'Npgsql' }) {
    'npgsql: ' + `$assembly.GetName().Version + ' in ' + [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext(`$assembly).Name
}
"@
        $result = Invoke-ChildPwsh -Script $script
        $result.ExitCode | Should -Be 0 -Because $result.Output
        $result.Output | Should -Match 'before: elsewhere'
        $result.Output | Should -Match 'job: completed'
        $result.Output | Should -Match 'npgsql: 8\.0\.5\.0 in Default'
        $result.Output | Should -Match 'npgsql: 10\.\d+\.\d+\.\d+ in GeoOrchestration'
    }
}
