# The embedded SQLite file shared with other programs: a Start-GeoWorker keeps working while other
# SQLite clients (the sqlite3 shell, Python's sqlite3) open and close the file, and a store on a
# read-only file can still be read. See SqliteOtherClientTests and CliReadOnlyStoreTests for geoorch.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1')

    function Get-DeletedUnder([int] $ProcessId, [string] $Path) {
        # The files of the database that the process holds open but that are no longer on disk.
        Get-ChildItem "/proc/$ProcessId/fd" -ErrorAction Ignore | ForEach-Object LinkTarget |
            Where-Object { $_ -and $_.StartsWith($Path) -and $_.EndsWith(' (deleted)') }
    }
}

Describe 'Embedded file under other SQLite clients' {
    It 'keeps Start-GeoWorker working when the sqlite3 shell and Python open and close the file' {
        $path = Join-Path $TestDrive 'clients/geo.db'
        $file = Join-Path $TestDrive 'worker.ps1'
        @"
Import-Module '$(Get-ModuleManifestPath)'
Connect-GeoOrchestration -Path '$path' | Out-Null
Start-GeoWorker -Concurrency 4 -InformationAction Continue
"@ | Set-Content -LiteralPath $file
        $worker = Start-ChildPwsh -File $file -Environment @{ GEO_CONNECTION = $null }
        $errors = $worker.StandardError.ReadToEndAsync()
        $output = $worker.StandardOutput.ReadToEndAsync()
        # This process never opens the file: a client of its own would hold a lock that hides the loss.
        $submit = { param([string] $Body) Invoke-ChildPwsh -Environment @{ GEO_CONNECTION = $null } -Script @"
`$ErrorActionPreference = 'Stop'
Import-Module '$(Get-ModuleManifestPath)'
Connect-GeoOrchestration -Path '$path' | Out-Null
$Body
"@ }
        try {
            $first = & $submit '(Submit-GeoJob -JobType noop -Parameter @{ tasks = 20; delay_ms = 1000 }).JobId'
            $first.ExitCode | Should -Be 0 -Because $first.Output
            $deadline = [DateTime]::UtcNow.AddSeconds(60)
            while ((sqlite3 $path "SELECT count(*) FROM tasks WHERE status = 'processing'") -eq '0') {
                if ([DateTime]::UtcNow -gt $deadline -or $worker.HasExited) { throw "The worker never started a task: $($output.Result) $($errors.Result)" }
                Start-Sleep -Milliseconds 100
            }

            # While tasks run: each client opens the file, reads, and exits (closing it).
            sqlite3 $path 'SELECT count(*) FROM tasks' | Should -Be '20'
            python3 -c 'import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); print(c.execute("SELECT count(*) FROM tasks").fetchone()[0]); c.close()' $path |
                Should -Be '20'

            "$path-wal" | Should -Exist
            "$path-shm" | Should -Exist
            Get-DeletedUnder $worker.Id $path | Should -BeNullOrEmpty
            # Work submitted afterwards runs, and so did the work under way.
            $later = & $submit @"
(Submit-GeoJob -JobType noop -Parameter @{ tasks = 3 } -Wait -Timeout 120).Status
(Wait-GeoJob '$(($first.Output -split "`n")[0].Trim())' -Timeout 120).Status
"@
            $later.Output | Should -Match '^Completed\s+Completed\s*$'
            # (Not -Because with the output: reading it waits for the process to end.)
            $worker.HasExited | Should -BeFalse
            Get-DeletedUnder $worker.Id $path | Should -BeNullOrEmpty
        }
        finally {
            if (-not $worker.HasExited) { kill -s TERM $worker.Id }
            $worker.WaitForExit(60000) | Out-Null
        }
    }
}

Describe 'Embedded file that may not be written' {
    It 'reads a read-only store with Get-GeoJob and Get-GeoTask and refuses Submit-GeoJob with a configuration error' {
        $folder = Join-Path $TestDrive 'readonly'
        $path = Join-Path $folder 'geo.db'
        $made = Invoke-ChildPwsh -Environment @{ GEO_CONNECTION = $null } -Script @"
`$ErrorActionPreference = 'Stop'
Import-Module '$(Get-ModuleManifestPath)'
Connect-GeoOrchestration -Path '$path' | Out-Null
(Invoke-GeoJob -JobType noop -Parameter @{ tasks = 2 }).JobId
"@
        $made.ExitCode | Should -Be 0 -Because $made.Output
        $jobId = ($made.Output -split "`n")[0].Trim()
        # No write permission for anyone (chmod a-w): the store refuses to write even for root, who could.
        chmod a-w $path $folder
        try {
            $before = Get-FileHash $path
            $result = Invoke-ChildPwsh -Environment @{ GEO_CONNECTION = $null } -Script @"
Import-Module '$(Get-ModuleManifestPath)'
Connect-GeoOrchestration -Path '$path' | Out-Null
'job: ' + (Get-GeoJob -JobId '$jobId' -ErrorAction Stop).Status
'tasks: ' + @(Get-GeoTask -JobId '$jobId' -ErrorAction Stop).Count
try { Submit-GeoJob -JobType noop -Parameter @{ tasks = 1 } -ErrorAction Stop | Out-Null; 'submitted' }
catch { 'id: ' + `$_.FullyQualifiedErrorId; 'reason: ' + `$_.CategoryInfo.Reason; 'message: ' + `$_.Exception.Message }
"@
            $result.Output | Should -Match 'job: Completed'
            $result.Output | Should -Match 'tasks: 2'
            $result.Output | Should -Match 'id: GeoConfiguration,GeoOrchestration.PowerShell.Commands.SubmitGeoJobCommand'
            $result.Output | Should -Match 'reason: PermissionDenied'
            $result.Output | Should -Match "message: .*'$([regex]::Escape($path))' is read-only .*write permission"
            (Get-FileHash $path).Hash | Should -Be $before.Hash
        }
        finally {
            chmod u+w $path $folder
        }
    }
}
