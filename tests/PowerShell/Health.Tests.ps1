# Test-GeoWorkerHealth against a Start-GeoWorker in another pwsh process (issue 20), and Start-GeoWorker configured by
# environment (GEO_CONCURRENCY, GEO_SHUTDOWN_GRACE, GEO_HEALTH_FILE) as a container configures it. Embedded SQLite files.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1')
    Import-Module (Get-ModuleManifestPath) -Force

    function Start-EnvWorker([string] $Store, [hashtable] $Environment, [string] $Parameters = '') {
        # The worker as a container runs it: configured by its environment, started in a pwsh of its own.
        $file = Join-Path $TestDrive "worker-$([guid]::NewGuid().ToString('N')).ps1"
        @"
Import-Module '$(Get-ModuleManifestPath)'
Start-GeoWorker -Connection 'sqlite:$Store' $Parameters -InformationAction Continue
"@ | Set-Content -LiteralPath $file
        $process = Start-ChildPwsh -File $file -Environment $Environment
        [pscustomobject]@{ Process = $process; Output = $process.StandardOutput.ReadToEndAsync(); Errors = $process.StandardError.ReadToEndAsync() }
    }

    function Wait-Health([string] $HealthFile, [string] $Store, [scriptblock] $Wanted, $Worker) {
        $deadline = [DateTime]::UtcNow.AddSeconds(90)
        while ($true) {
            $health = Test-GeoWorkerHealth -HealthFile $HealthFile -Connection "sqlite:$Store"
            if (& $Wanted $health) { return $health }
            if ([DateTime]::UtcNow -gt $deadline -or $Worker.Process.HasExited) {
                throw "Never the health wanted: $health. Worker: $(if ($Worker.Process.HasExited) { $Worker.Output.Result + $Worker.Errors.Result })"
            }
            Start-Sleep -Milliseconds 200
        }
    }
}

Describe 'Test-GeoWorkerHealth with a Start-GeoWorker in another pwsh' {
    BeforeAll {
        $script:store = Join-Path $TestDrive 'busy/geo.db'
        Invoke-GeoSchemaDeploy -Connection "sqlite:$store" -Confirm:$false | Out-Null
        $script:healthFile = Join-Path $TestDrive 'run/health.json'
        $script:worker = Start-EnvWorker $store @{ GEO_CONCURRENCY = '3'; GEO_SHUTDOWN_GRACE = '1.5'; GEO_HEALTH_FILE = $healthFile }
    }
    AfterAll {
        if (-not $worker.Process.HasExited) { $worker.Process.Kill() }
    }

    It 'is healthy while the worker runs tasks, with the worker''s id, process and counts' {
        Submit-GeoJob noop -tasks 3 -delay_ms 4000 -label pester-health -Connection "sqlite:$store" | Out-Null
        $health = Wait-Health $healthFile $store { param($h) $h.Healthy -and $h.Running -gt 0 } $worker

        $health.StoreReachable | Should -BeTrue
        $health.ProcessAlive | Should -BeTrue
        $health.ProcessId | Should -Be $worker.Process.Id
        $health.State | Should -Be 'running'
        $health.WorkerId | Should -Match ":$($worker.Process.Id):"
        $health.HeartbeatAge | Should -BeLessThan $health.MaxAge
        $health.Reason | Should -Match '^worker \S+ heartbeat [\d.]+ s ago \(running, \d+ running, \d+ executed\); store answered$'
        Test-GeoWorkerHealth -HealthFile $healthFile -Connection "sqlite:$store" -Quiet | Should -BeTrue
        $liveness = Test-GeoWorkerHealth -HealthFile $healthFile -Liveness
        $liveness.Healthy | Should -BeTrue
        $liveness.StoreReachable | Should -BeNullOrEmpty
    }

    It 'reads the heartbeat file from GEO_HEALTH_FILE when none is given' {
        $env:GEO_HEALTH_FILE = $healthFile
        try { (Test-GeoWorkerHealth -Liveness).WorkerId | Should -Match ":$($worker.Process.Id):" }
        finally { Remove-Item Env:GEO_HEALTH_FILE }
    }

    It 'runs with the concurrency and shutdown grace of its variables, as its start line says' {
        kill -TERM $worker.Process.Id
        $worker.Process.WaitForExit(60000) | Should -BeTrue
        $worker.Process.ExitCode | Should -Be 0
        $log = $worker.Output.Result + $worker.Errors.Result
        $log | Should -Match " info Worker \S+ started: store sqlite:.*; health file $([regex]::Escape($healthFile)); shutdown grace 1.5 s; concurrency 3\r?\n"
        $log | Should -Match 'stop requested \(SIGTERM\): no new work; running tasks get 1.5 s to finish'
    }

    It 'is unhealthy after the worker stopped cleanly, saying so' {
        $health = Test-GeoWorkerHealth -HealthFile $healthFile -Connection "sqlite:$store"

        $health.Healthy | Should -BeFalse
        $health.State | Should -Be 'stopped'
        $health.Reason | Should -Match '^worker \S+ stopped at \S+Z \(a clean stop\)$'
        Test-GeoWorkerHealth -HealthFile $healthFile -Quiet -Liveness | Should -BeFalse
    }
}

Describe 'Test-GeoWorkerHealth with a killed worker' {
    It 'is unhealthy: the process the file names is gone' {
        $store = Join-Path $TestDrive 'killed/geo.db'
        $healthFile = Join-Path $TestDrive 'killed/health.json'
        $worker = Start-EnvWorker $store @{ GEO_HEALTH_FILE = $healthFile }
        try { Wait-Health $healthFile $store { param($h) $h.Healthy } $worker | Out-Null }
        finally { $worker.Process.Kill(); $worker.Process.WaitForExit() }

        $health = Test-GeoWorkerHealth -HealthFile $healthFile -Liveness

        $health.Healthy | Should -BeFalse
        $health.ProcessAlive | Should -BeFalse
        $health.Reason | Should -Match "is not running: process $($worker.Process.Id) has exited \(killed or crashed\)"
    }
}

Describe 'Start-GeoWorker configured by environment' {
    It 'refuses a bad <Name> as a GeoValidation error naming it, and starts nothing' -ForEach @(
        @{ Name = 'GEO_CONCURRENCY'; Value = '0'; Rule = 'range' }
        @{ Name = 'GEO_SHUTDOWN_GRACE'; Value = 'soon'; Rule = 'seconds' }
        @{ Name = 'GEO_TRANSPORT'; Value = 'kafka'; Rule = 'allowed' }
        @{ Name = 'GEO_HEALTH_FILE'; Value = '/tmp/geoorch/'; Rule = 'file_path' }
        @{ Name = 'GEO_WORKER_ID'; Value = ('w' * 513); Rule = 'max_length' }
        @{ Name = 'GEO_STARTUP_TIMEOUT'; Value = '2d'; Rule = 'maximum' }
    ) {
        $folder = Join-Path $TestDrive "bad-$Name"
        $result = Invoke-ChildPwsh -Environment @{ $Name = $Value } -Script @"
Import-Module '$(Get-ModuleManifestPath)'
try { Start-GeoWorker -Connection 'sqlite:$folder/geo.db' -ExitWhenIdle 0.3 -ErrorAction Stop }
catch { "`$(`$_.FullyQualifiedErrorId)|`$(`$_.Exception.Errors[0].Field)|`$(`$_.Exception.Errors[0].Rule)|`$(`$_.Exception.Message)" }
"@
        $result.Output.Trim() | Should -BeLike "GeoValidation,GeoOrchestration.PowerShell.Commands.StartGeoWorkerCommand|$Name|$Rule|$Name[ :]*"
        Test-Path $folder | Should -BeFalse -Because 'a worker on an embedded store creates its file at start: nothing means nothing started'
    }

    It 'takes a parameter given over its variable, leaving a bad variable unread' {
        $store = Join-Path $TestDrive 'given/geo.db'
        $result = Invoke-ChildPwsh -Environment @{ GEO_CONCURRENCY = 'many'; GEO_SHUTDOWN_GRACE = 'soon' } -Script @"
Import-Module '$(Get-ModuleManifestPath)'
Start-GeoWorker -Connection 'sqlite:$store' -Concurrency 2 -ShutdownGrace 4 -ExitWhenIdle 0.3 -InformationAction Continue
"@
        $result.ExitCode | Should -Be 0
        $result.Output | Should -Match 'started: store sqlite:.*; shutdown grace 4 s; concurrency 2\r?\n'
    }

    It 'takes its worker id from GEO_WORKER_ID (beside a GEO_STARTUP_TIMEOUT), and -WorkerId over it' {
        $store = Join-Path $TestDrive 'ids/geo.db'
        $script = @"
Import-Module '$(Get-ModuleManifestPath)'
Start-GeoWorker -Connection 'sqlite:$store' -ExitWhenIdle 0.3 -InformationAction Continue
Start-GeoWorker -Connection 'sqlite:$store' -WorkerId given-id -StartupTimeout 0 -ExitWhenIdle 0.3 -InformationAction Continue
"@
        $result = Invoke-ChildPwsh -Environment @{ GEO_WORKER_ID = 'env-id'; GEO_STARTUP_TIMEOUT = '10s' } -Script $script
        $result.ExitCode | Should -Be 0
        $result.Output | Should -Match 'Worker env-id started: '
        $result.Output | Should -Match 'Worker given-id started: '
    }
}

Describe 'Test-GeoWorkerHealth on its own' {
    It 'needs a heartbeat file for -Liveness' {
        { Test-GeoWorkerHealth -Liveness -ErrorAction Stop } | Should -Throw -ErrorId 'GeoValidation,GeoOrchestration.PowerShell.Commands.TestGeoWorkerHealthCommand'
    }

    It 'checks only the store without a heartbeat file, and creates no embedded store' {
        $data = Join-Path $TestDrive 'fresh-data'
        $saved = $env:XDG_DATA_HOME
        $env:XDG_DATA_HOME = $data
        try { $health = Test-GeoWorkerHealth }
        finally { $env:XDG_DATA_HOME = $saved }

        $health.Healthy | Should -BeFalse
        $health.StoreReachable | Should -BeFalse
        $health.HealthFile | Should -BeNullOrEmpty
        $health.Reason | Should -BeLike '*(no heartbeat file configured: only the store was checked*'
        Test-Path $data | Should -BeFalse
    }
}
