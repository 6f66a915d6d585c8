# Start-GeoWorker and Invoke-GeoJob in a pwsh process of their own, stopped the way docker stop stops a container.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1')
    Import-Module (Get-ModuleManifestPath) -Force
    $script:pg = Get-TestPostgres
    $script:schema = New-TestSchema worker
    $script:connection = Connect-GeoOrchestration -ConnectionString $pg -Schema $schema
    Invoke-GeoSchemaDeploy -Connection $connection -Confirm:$false | Out-Null
}

Describe 'Start-GeoWorker' {
    It 'stops gracefully on SIGTERM: the running handler finishes within the grace period and pwsh exits 0' {
        $job = Submit-GeoJob noop -tasks 1 -delay_ms 3000 -label sigterm -Connection $connection
        $worker = Start-ChildPwsh -File (New-WorkerScript -Schema $schema -ExitWhenIdle 600 -ShutdownGrace 30)
        $errors = $worker.StandardError.ReadToEndAsync()
        $output = $worker.StandardOutput.ReadToEndAsync()
        # SIGTERM only once the handler runs, so the grace period is what lets it finish.
        $deadline = [DateTime]::UtcNow.AddSeconds(60)
        while (-not (Get-GeoTask $job.JobId -Connection $connection | Where-Object Status -eq processing)) {
            if ([DateTime]::UtcNow -gt $deadline -or $worker.HasExited) { throw "The worker never started the task: $($output.Result) $($errors.Result)" }
            Start-Sleep -Milliseconds 100
        }
        kill -s TERM $worker.Id
        $worker.WaitForExit(60000) | Should -BeTrue
        $worker.ExitCode | Should -Be 0 -Because "pwsh said: $($output.Result) $($errors.Result)"
        $output.Result | Should -Match 'SIGTERM'
        (Get-GeoTask $job.JobId -Connection $connection).Status | Should -Be 'completed'
    }

    It 'refuses a schema that is not deployed with GeoConfiguration (-StartupTimeout 0: no wait for a deploy)' {
        $empty = Connect-GeoOrchestration -ConnectionString $pg -Schema (New-TestSchema empty)
        # The worker cannot go on: a terminating error.
        $refused = { Start-GeoWorker -Connection $empty -ExitWhenIdle 1 -StartupTimeout 0 } | Should -Throw -ErrorId 'GeoConfiguration,GeoOrchestration.PowerShell.Commands.StartGeoWorkerCommand' -PassThru
        $refused.CategoryInfo.Category | Should -Be 'NotInstalled'
        $refused.CategoryInfo.Reason | Should -Be 'SchemaNotDeployed'
    }

    It 'refuses a -StartupTimeout that is negative or beyond a day with GeoValidation naming the field' -ForEach @(
        @{ Value = '-5s'; Rule = 'must be 0 or more' }
        @{ Value = '2d'; Rule = 'must be at most 1 d' }
    ) {
        $refused = { Start-GeoWorker -Connection $connection -ExitWhenIdle 1 -StartupTimeout $Value } |
            Should -Throw -ErrorId 'GeoValidation,GeoOrchestration.PowerShell.Commands.StartGeoWorkerCommand' -PassThru
        $refused.Exception.Message | Should -Match "startup_timeout: $Rule"
    }

    It 'refuses a -StartupTimeout that is not a duration before it runs' {
        { Start-GeoWorker -Connection $connection -ExitWhenIdle 1 -StartupTimeout soon } |
            Should -Throw -ErrorId 'ParameterArgumentTransformationError,GeoOrchestration.PowerShell.Commands.StartGeoWorkerCommand'
    }

    It 'started after another worker was killed mid-task, -ExitWhenIdle waits out its leases and finishes the job before it exits' {
        $job = Submit-GeoJob noop -tasks 2 -delay_ms 1000 -label killed -Connection $connection
        # A worker that runs forever, killed (SIGKILL) while it runs both tasks: its 30 s leases lapse unrenewed.
        $victim = Start-ChildPwsh -File (New-WorkerScript -Schema $schema -ExitWhenIdle 600)
        $errors = $victim.StandardError.ReadToEndAsync()
        $output = $victim.StandardOutput.ReadToEndAsync()
        $deadline = [DateTime]::UtcNow.AddSeconds(60)
        while (@(Get-GeoTask $job.JobId -Connection $connection | Where-Object Status -eq processing).Count -lt 2) {
            if ([DateTime]::UtcNow -gt $deadline -or $victim.HasExited) { throw "The worker never ran both tasks: $($output.Result) $($errors.Result)" }
            Start-Sleep -Milliseconds 100
        }
        kill -s KILL $victim.Id
        $victim.WaitForExit(60000) | Should -BeTrue

        Start-GeoWorker -Connection $connection -ExitWhenIdle 1 -Concurrency 2

        (Get-GeoJob $job.JobId -Connection $connection).Status | Should -Be 'completed'
        (Get-GeoTask $job.JobId -Connection $connection).Attempts | Should -Be @(2, 2) -Because 'the lapsed lease counted as an attempt'
    }

    It 'logs through the information stream and exits when idle' {
        # One stream for the worker's log (WorkerLog.Tests.ps1 pins its lines).
        $records = Start-GeoWorker -Connection $connection -ExitWhenIdle 1 6>&1
        $records | Should -HaveCount 2
        $records | ForEach-Object { $_ | Should -BeOfType System.Management.Automation.InformationRecord }
        "$($records[0].MessageData)" | Should -Match 'started'
        "$($records[-1].MessageData)" | Should -Match 'stopped after'
    }
}

Describe 'Invoke-GeoJob' {
    It 'on SIGTERM hands its running tasks back, says the job goes on and exits 1' {
        # The embedded store in a file of its own: the child pwsh and this one share it.
        $path = Join-Path $TestDrive 'sigterm.db'
        $file = Join-Path $TestDrive 'invoke.ps1'
        @"
# Unwrapped and with its ids: the error as a script's log would keep it.
`$ErrorView = 'NormalView'
`$PSStyle.OutputRendering = 'PlainText'
Import-Module '$(Get-ModuleManifestPath)'
Connect-GeoOrchestration -Path '$path' | Out-Null
Invoke-GeoJob noop -tasks 2 -delay_ms 600000 -label sigterm -Concurrency 2 -ShutdownGrace 0.5 -Verbose
'after Invoke-GeoJob'
"@ | Set-Content -LiteralPath $file
        $child = Start-ChildPwsh -File $file -Environment @{ GEO_CONNECTION = $null }
        $errors = $child.StandardError.ReadToEndAsync()
        $output = $child.StandardOutput.ReadToEndAsync()
        $store = Connect-GeoOrchestration -Path $path
        # SIGTERM only once both tasks run: leased to the child's worker, they must come back.
        $deadline = [DateTime]::UtcNow.AddSeconds(60)
        while (@(Get-GeoJob -Connection $store -ErrorAction Ignore | Get-GeoTask -Connection $store -ErrorAction Ignore | Where-Object Status -eq processing).Count -lt 2) {
            if ([DateTime]::UtcNow -gt $deadline -or $child.HasExited) { throw "Invoke-GeoJob never ran both tasks: $($output.Result) $($errors.Result)" }
            Start-Sleep -Milliseconds 100
        }
        kill -s TERM $child.Id
        $child.WaitForExit(120000) | Should -BeTrue
        $said = "pwsh said: $($output.Result) $($errors.Result)"
        $child.ExitCode | Should -Be 1 -Because $said
        $job = Get-GeoJob -Connection $store
        $errors.Result | Should -Match "SIGTERM stopped Invoke-GeoJob before job $($job.JobId) ended: the job is still processing"
        $errors.Result | Should -Match 'FullyQualifiedErrorId : GeoCancelled,GeoOrchestration.PowerShell.Commands.InvokeGeoJobCommand'
        $errors.Result | Should -Match 'CategoryInfo +: OperationStopped: .*JobInterrupted'
        $output.Result | Should -Match 'SIGTERM: stopping the in-process worker gracefully'
        $output.Result | Should -Not -Match 'after Invoke-GeoJob' -Because 'the process ends as SIGTERM asked'
        $job.Status | Should -Be 'processing'
        $tasks = Get-GeoTask $job.JobId -Connection $store
        $tasks.Count | Should -Be 2
        foreach ($task in $tasks) {
            $task.Status | Should -Be 'queued'
            $task.Attempts | Should -Be 0 -Because 'a task handed back does not count the attempt'
            $task.LeaseOwner | Should -BeNullOrEmpty
        }
    }
}
