# The embedded default: with no Connect-GeoOrchestration and no $env:GEO_CONNECTION, the module works
# on the SQLite file in the per-user data folder, created with its schema on first use, as geoorch does.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1')
}

Describe 'Embedded store' {
    It 'runs hello_world on a fresh machine with nothing configured' {
        $dataHome = Join-Path $TestDrive 'data'
        $script = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$(Get-ModuleManifestPath)'
`$job = Invoke-GeoJob -JobType hello_world
'status: ' + `$job.Status
'tasks: ' + @(Get-GeoTask -JobId `$job.JobId).Count
"@
        $result = Invoke-ChildPwsh -Script $script -Environment @{ XDG_DATA_HOME = $dataHome; GEO_CONNECTION = $null }
        $result.ExitCode | Should -Be 0 -Because $result.Output
        $result.Output | Should -Match 'status: Completed'
        $result.Output | Should -Match 'tasks: [1-9]'
        Join-Path $dataHome 'geoorchestration/geo.db' | Should -Exist
    }

    It 'connects to a SQLite file by -Path, relative to the current location, and shows no schema' {
        $folder = Join-Path $TestDrive 'work'
        New-Item -ItemType Directory -Path $folder | Out-Null
        $script = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$(Get-ModuleManifestPath)'
Set-Location '$folder'
`$connection = Connect-GeoOrchestration -Path 'jobs.db'
'store: ' + `$connection.Store + ' ' + `$connection.Path + ' schema=' + [string]::IsNullOrEmpty(`$connection.Schema)
`$submitted = Submit-GeoJob -JobType noop -Parameter @{ tasks = 3 }
'new: ' + `$submitted.IsNew
(Invoke-GeoJob -JobType noop -Parameter @{ tasks = 3 }).Status
"@
        $result = Invoke-ChildPwsh -Script $script -Environment @{ XDG_DATA_HOME = (Join-Path $TestDrive 'unused'); GEO_CONNECTION = $null }
        $result.ExitCode | Should -Be 0 -Because $result.Output
        $result.Output | Should -Match "store: SQLite $([regex]::Escape((Join-Path $folder 'jobs.db'))) schema=True"
        $result.Output | Should -Match 'new: True'
        $result.Output | Should -Match 'Completed'
        Join-Path $folder 'jobs.db' | Should -Exist
        Join-Path $TestDrive 'unused' | Should -Not -Exist
    }

    It 'refuses -Schema with -Path as a validation error' {
        $script = @"
Import-Module '$(Get-ModuleManifestPath)'
try { Connect-GeoOrchestration -Path '$(Join-Path $TestDrive 'x.db')' -Schema etl -ErrorAction Stop }
catch { 'id: ' + `$_.FullyQualifiedErrorId; 'category: ' + `$_.CategoryInfo.Category }
"@
        $result = Invoke-ChildPwsh -Script $script -Environment @{ GEO_CONNECTION = $null }
        $result.Output | Should -Match 'id: GeoValidation,'
        $result.Output | Should -Match 'category: InvalidArgument'
        Join-Path $TestDrive 'x.db' | Should -Not -Exist
    }

    It 'refuses bad input on a fresh embedded store without creating the file or its folder' {
        $folder = Join-Path $TestDrive 'fresh/data'
        $script = @"
Import-Module '$(Get-ModuleManifestPath)'
Connect-GeoOrchestration -Path '$(Join-Path $folder 'geo.db')' | Out-Null
try { Submit-GeoJob -JobType noop -Parameter @{ tasks = 0 } -ErrorAction Stop | Out-Null }
catch { 'id: ' + `$_.FullyQualifiedErrorId }
"@
        $result = Invoke-ChildPwsh -Script $script -Environment @{ GEO_CONNECTION = $null }
        $result.Output | Should -Match 'id: GeoValidation,'
        Join-Path $TestDrive 'fresh' | Should -Not -Exist
    }

    It 'starts a worker on a fresh embedded store, creating the file and its schema' {
        $path = Join-Path $TestDrive 'worker/geo.db'
        $script = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$(Get-ModuleManifestPath)'
Connect-GeoOrchestration -Path '$path' | Out-Null
Start-GeoWorker -ExitWhenIdle 0.5 -InformationAction Continue
"@
        $result = Invoke-ChildPwsh -Script $script -Environment @{ GEO_CONNECTION = $null }
        $result.ExitCode | Should -Be 0 -Because $result.Output
        $result.Output | Should -Match 'stopped after 0 work item'
        $path | Should -Exist
    }

    It 'leaves only the database file when pwsh exits, the WAL checkpointed into it' {
        $folder = Join-Path $TestDrive 'exit'
        $script = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$(Get-ModuleManifestPath)'
Connect-GeoOrchestration -Path '$(Join-Path $folder 'geo.db')' | Out-Null
(Invoke-GeoJob -JobType noop -Parameter @{ tasks = 3 }).Status
"@
        $result = Invoke-ChildPwsh -Script $script -Environment @{ GEO_CONNECTION = $null }
        $result.ExitCode | Should -Be 0 -Because $result.Output
        $result.Output | Should -Match 'Completed'
        @(Get-ChildItem -Path $folder -Name) | Should -Be @('geo.db')
    }
}
