# The audit trail from PowerShell: Get-GeoJobEvent lists a job's events and, with -Follow, watches a
# job that a worker in another process runs until it ends, writing every event once and in order;
# Ctrl+C (the pipeline stopped) ends a follow cleanly and leaves the job alone. On an embedded store
# of the suite's own; the worker is Start-GeoWorker in a child pwsh.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1')
    Import-Module (Get-ModuleManifestPath) -Force
    # Not in TestDrive, which Pester empties per Describe: one store for the file.
    $script:folder = Join-Path ([IO.Path]::GetTempPath()) "geoorch-events-$([guid]::NewGuid().ToString('N'))"
    $script:path = Join-Path $folder 'events.db'
    $script:store = Connect-GeoOrchestration -Path $path
    $script:workerScript = Join-Path $folder 'worker.ps1'
    @"
Import-Module '$(Get-ModuleManifestPath)'
Connect-GeoOrchestration -Path '$path' | Out-Null
Start-GeoWorker -ExitWhenIdle 3 -Concurrency 2
"@ | Set-Content -LiteralPath $workerScript
}

AfterAll {
    Remove-Item -Recurse -Force $folder -ErrorAction Ignore
}

Describe 'Get-GeoJobEvent -Follow' {
    It 'follows a job that a worker in another process runs, writing each event once, in order, with the retries and their errors, and returns when it ends' {
        $job = Submit-GeoJob noop -tasks 3 -stages 2 -delay_ms 50 -transient_failure_rate 1 -label 'follow'
        # Nothing has run it yet: the follow starts on a queued job.
        (Get-GeoJob $job.JobId).Status | Should -Be 'queued'
        $worker = Start-ChildPwsh -File $workerScript
        $errors = $worker.StandardError.ReadToEndAsync()
        $output = $worker.StandardOutput.ReadToEndAsync()

        $followed = @($job | Get-GeoJobEvent -Follow)

        (Get-GeoJob $job.JobId).Status | Should -Be 'completed'
        $worker.WaitForExit(120000) | Should -BeTrue -Because "pwsh said: $($output.Result) $($errors.Result)"
        $all = @(Get-GeoJobEvent $job.JobId)
        $followed.Id | Should -Be $all.Id
        @($followed.Id | Select-Object -Unique).Count | Should -Be $followed.Count
        $followed[0].Kind | Should -Be 'submitted'
        $followed[-1].Kind | Should -Be 'finalized'
        $followed[-1].Message | Should -Be 'Job finalized: completed'
        $retries = @($followed | Where-Object Kind -eq 'task_retrying')
        $retries.Count | Should -Be 6
        foreach ($retry in $retries) {
            $retry.TaskId | Should -Not -BeNullOrEmpty
            $retry.Detail.error | Should -Match 'fails its first attempt on purpose'
            $retry.Message | Should -BeLike "Task $($retry.TaskId) attempt 1 of * failed (TransientTaskException: *); runs again in *"
        }
        $followed[0] | Should -BeOfType ([GeoOrchestration.PowerShell.GeoJobEvent])
    }

    It 'stops cleanly when the pipeline is stopped (Ctrl+C), leaving the job as it was' {
        $job = Submit-GeoJob noop -tasks 1 -label 'stopped follow'
        $shell = [powershell]::Create()
        $null = $shell.AddCommand('Import-Module').AddParameter('Name', (Get-ModuleManifestPath)).AddStatement()
        $null = $shell.AddCommand('Get-GeoJobEvent').AddParameter('JobId', $job.JobId).AddParameter('Follow').AddParameter('Connection', $store)
        $events = [System.Management.Automation.PSDataCollection[psobject]]::new()
        $running = $shell.BeginInvoke([System.Management.Automation.PSDataCollection[psobject]]::new(), $events)
        $deadline = [DateTime]::UtcNow.AddSeconds(60)
        while ($events.Count -lt 1) {
            if ([DateTime]::UtcNow -gt $deadline -or $running.IsCompleted) { throw "The follow wrote nothing: $($shell.Streams.Error)" }
            Start-Sleep -Milliseconds 50
        }

        $shell.Stop()

        $running.IsCompleted | Should -BeTrue
        $shell.InvocationStateInfo.State | Should -Be 'Stopped'
        @($events).Kind | Should -Be @('submitted')
        (Get-GeoJob $job.JobId).Status | Should -Be 'queued'
        $shell.Dispose()
    }
}

Describe 'Get-GeoJobEvent' {
    It 'lists an ended job''s events with -Kind and -Stage, and -Follow returns at once' {
        $job = Invoke-GeoJob noop -tasks 2 -stages 2 -label 'listing'

        @(Get-GeoJobEvent $job.JobId).Kind | Should -Be @('submitted', 'stage_planned', 'stage_completed', 'stage_planned', 'stage_completed', 'finalized')
        @(Get-GeoJobEvent $job.JobId -Kind stage_planned).Stage | Should -Be @(1, 2)
        @(Get-GeoJobEvent $job.JobId -Kind stage_planned)[0].Detail.tasks | Should -Be 2
        @(Get-GeoJobEvent $job.JobId -Stage 2).Kind | Should -Be @('stage_planned', 'stage_completed')
        @(Get-GeoJobEvent $job.JobId -Follow).Count | Should -Be 6
    }

    It 'shows the cancel with its reason' {
        $job = Submit-GeoJob noop -tasks 2 -label 'cancel'
        $null = Stop-GeoJob $job.JobId -Reason 'superseded by a newer run' -Confirm:$false

        $cancelled = Get-GeoJobEvent $job.JobId -Kind cancelled
        $cancelled.Detail.reason | Should -Be 'superseded by a newer run'
        $cancelled.Message | Should -Be 'Job cancelled: superseded by a newer run (2 tasks cancelled)'
    }

    It 'a job that does not exist is GeoNotFound, a stage it lacks GeoValidation, an unknown kind a binding error; nothing is output' {
        $job = Invoke-GeoJob noop -tasks 1 -label 'errors'
        $out = Get-GeoJobEvent 0123456789abcdef -ErrorVariable missing -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $missing[0].FullyQualifiedErrorId | Should -Be 'GeoNotFound,GeoOrchestration.PowerShell.Commands.GetGeoJobEventCommand'
        $missing[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $out = Get-GeoJobEvent $job.JobId -Stage 3 -ErrorVariable stage -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $stage[0].FullyQualifiedErrorId | Should -Be 'GeoValidation,GeoOrchestration.PowerShell.Commands.GetGeoJobEventCommand'
        $stage[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        { Get-GeoJobEvent $job.JobId -Kind bogus } | Should -Throw -ErrorId 'ParameterArgumentValidationError,GeoOrchestration.PowerShell.Commands.GetGeoJobEventCommand'
        { Get-GeoJobEvent $job.JobId -Follow -PollIntervalSeconds 0 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,GeoOrchestration.PowerShell.Commands.GetGeoJobEventCommand'
    }
}
