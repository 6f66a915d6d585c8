# Submitting, waiting, inspecting, cancelling and retrying jobs against a real PostgreSQL.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1')
    Import-Module (Get-ModuleManifestPath) -Force
    $script:pg = Get-TestPostgres
    $script:schema = New-TestSchema jobs
    $script:connection = Connect-GeoOrchestration -ConnectionString $pg -Schema $schema
    Invoke-GeoSchemaDeploy -Confirm:$false | Out-Null
}

Describe 'Invoke-GeoSchemaDeploy' {
    It '-WhatIf names the pending migrations and changes nothing' {
        $fresh = New-TestSchema whatif
        Invoke-GeoSchemaDeploy -Connection (Connect-GeoOrchestration -ConnectionString $pg -Schema $fresh) -WhatIf | Should -BeNullOrEmpty
        # The What-if line goes to the host; what matters is that the schema is still absent.
        Submit-GeoJob hello_world -count 1 -Connection (Connect-GeoOrchestration -ConnectionString $pg -Schema $fresh) -ErrorAction SilentlyContinue -ErrorVariable failed
        $failed[0].FullyQualifiedErrorId | Should -Be 'GeoConfiguration,GeoOrchestration.PowerShell.Commands.SubmitGeoJobCommand'
        $failed[0].CategoryInfo.Category | Should -Be 'NotInstalled'
        $failed[0].CategoryInfo.Reason | Should -Be 'SchemaNotDeployed'
        Connect-GeoOrchestration -ConnectionString $pg -Schema $schema | Out-Null
    }

    It 'is idempotent: a second deploy applies nothing' {
        $steps = Invoke-GeoSchemaDeploy -Confirm:$false
        $steps.Status | Should -Not -Contain 'applied'
        $steps.Status | Should -Contain 'present'
    }
}

Describe 'Submit-GeoJob' {
    It 'creates a job once: the same request returns it with IsNew false' {
        $first = Submit-GeoJob hello_world -count 2
        $again = Submit-GeoJob hello_world @{ count = 2 }
        $first | Should -BeOfType GeoOrchestration.PowerShell.GeoJob
        $first.IsNew | Should -BeTrue
        $again.IsNew | Should -BeFalse
        $again.JobId | Should -Be $first.JobId
        $first.Status | Should -Be 'queued'
        $first.Id | Should -Be $first.JobId
    }

    It 'makes a new job per run key and the same job for the same key' {
        $day1 = Submit-GeoJob hello_world -count 3 -RunKey '2026-11-29'
        $day2 = Submit-GeoJob hello_world -count 3 -RunKey '2026-11-30'
        $retry = Submit-GeoJob hello_world -count 3 -RunKey '2026-11-30'
        $plain = Submit-GeoJob hello_world -count 3
        $day1.JobId | Should -Not -Be $day2.JobId
        $retry.JobId | Should -Be $day2.JobId
        $retry.IsNew | Should -BeFalse
        $plain.JobId | Should -Not -BeIn @($day1.JobId, $day2.JobId)
    }

    It 'submits a piped job again, with its type and parameters, under another run key' {
        $original = Submit-GeoJob hello_world -count 13 -TaskTimeout 60
        $rerun = Get-GeoJob $original.JobId | Submit-GeoJob -RunKey 'again'
        $rerun.IsNew | Should -BeTrue
        $rerun.JobId | Should -Not -Be $original.JobId
        $rerun.Parameters.count | Should -Be 13
    }

    It '-WhatIf validates, shows the job id and writes nothing' {
        $wouldBe = Submit-GeoJob hello_world -count 41 -WhatIf
        $wouldBe | Should -BeNullOrEmpty
        Get-GeoJob -JobType hello_world | Where-Object { $_.Parameters.count -eq 41 } | Should -BeNullOrEmpty
        { Submit-GeoJob hello_world -count 0 -WhatIf -ErrorAction Stop } | Should -Throw -ErrorId 'GeoValidation,GeoOrchestration.PowerShell.Commands.SubmitGeoJobCommand'
    }

    It 'submits a job per CSV row, typed by the schema' {
        $csv = Join-Path $TestDrive 'jobs.csv'
        @'
JobType,count,names
hello_world,4,
hello_world,,Ada;Grace
'@ -replace ';', ',' | Set-Content $csv
        # A names cell of "Ada,Grace" needs quoting in CSV; write the file the way Export-Csv would.
        @([pscustomobject]@{ JobType = 'hello_world'; count = '4'; names = '' }, [pscustomobject]@{ JobType = 'hello_world'; count = ''; names = 'Ada,Grace' }) |
            Export-Csv $csv -NoTypeInformation
        $jobs = Import-Csv $csv | Submit-GeoJob
        $jobs.Count | Should -Be 2
        $jobs[0].Parameters.count | Should -Be 4
        $jobs[0].Parameters.count | Should -BeOfType [long]
        $jobs[1].Parameters.names | Should -Be @('Ada', 'Grace')
    }

    It 'refuses bad input with GeoValidation, the input as target and every broken rule listed' {
        $row = [pscustomobject]@{ JobType = 'hello_world'; count = '5000'; names = 'Ada' }
        $row | Submit-GeoJob -ErrorAction SilentlyContinue -ErrorVariable failed
        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -Be 'GeoValidation,GeoOrchestration.PowerShell.Commands.SubmitGeoJobCommand'
        $failed[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $failed[0].TargetObject | Should -Be $row
        $failed[0].Exception.Errors.Field | Should -Contain 'count'
        @($failed[0].Exception.Errors).Count | Should -BeGreaterThan 1
    }

    It 'refuses an unknown job type with GeoValidation naming the known ones' {
        Submit-GeoJob no_such_job -ErrorAction SilentlyContinue -ErrorVariable failed
        $failed[0].FullyQualifiedErrorId | Should -Be 'GeoValidation,GeoOrchestration.PowerShell.Commands.SubmitGeoJobCommand'
        $failed[0].Exception.Message | Should -Match 'hello_world'
    }
}

Describe 'Invoke-GeoJob and pipelines' {
    It 'runs a job to the end in this process' {
        $job = Invoke-GeoJob hello_world -names Ada, Grace
        $job.Status | Should -Be 'completed'
        $job.PercentComplete | Should -Be 100
        $job.Result | Should -Not -BeNullOrEmpty
    }

    It 'pipes Submit-GeoJob into Wait-GeoJob into Get-GeoTask' {
        # A worker in a child process runs the job while this session waits on it.
        $worker = Start-ChildPwsh -File (New-WorkerScript -Schema $schema -ExitWhenIdle 3)
        try {
            $tasks = Submit-GeoJob hello_world -count 3 -RunKey 'pipeline' | Wait-GeoJob -Timeout 60 | Get-GeoTask
            $tasks.Count | Should -Be 7
            $tasks | ForEach-Object { $_ | Should -BeOfType GeoOrchestration.PowerShell.GeoTask }
            ($tasks | Group-Object Stage).Name | Should -Be @('1', '2', '3')
            $tasks.Status | Sort-Object -Unique | Should -Be 'completed'
        }
        finally {
            $worker.WaitForExit(60000) | Out-Null
        }
    }

    It 'retries the failed jobs that Get-GeoJob -Status failed finds, and -WhatIf changes none' {
        # A task that overruns its timeout fails for good, and its job with it.
        $failed = Invoke-GeoJob noop -tasks 1 -delay_ms 5000 -TaskTimeout 0.5 -label failing -WarningAction SilentlyContinue
        $failed.Status | Should -Be 'failed'
        $output = Get-GeoJob -Status failed | Restart-GeoJob -WhatIf
        $output | Should -BeNullOrEmpty
        (Get-GeoJob $failed.JobId).Status | Should -Be 'failed'
        $retried = Get-GeoJob -Status failed | Restart-GeoJob -Confirm:$false -PassThru
        $retried.JobId | Should -Contain $failed.JobId
        (Get-GeoJob $failed.JobId).Status | Should -Be 'processing'
        Stop-GeoJob $failed.JobId -Confirm:$false
    }
}

Describe 'Get-GeoJob' {
    It 'gets a job by a unique prefix, by a wildcard, and lists with filters and -First' {
        $job = Submit-GeoJob hello_world -count 7
        (Get-GeoJob $job.JobId.Substring(0, 8)).JobId | Should -Be $job.JobId
        (Get-GeoJob ($job.JobId.Substring(0, 12) + '*')).JobId | Should -Be $job.JobId
        (Get-GeoJob -JobType hello_world -Status queued).JobId | Should -Contain $job.JobId
        @(Get-GeoJob -First 1).Count | Should -Be 1
        (Get-GeoJob -Since (Get-Date).AddMinutes(-10)).JobId | Should -Contain $job.JobId
        Get-GeoJob -Since (Get-Date).AddMinutes(10) | Should -BeNullOrEmpty
    }

    It 'says GeoNotFound for an unknown id and GeoValidation for a malformed one' {
        Get-GeoJob ('f' * 64) -ErrorAction SilentlyContinue -ErrorVariable missing
        $missing[0].FullyQualifiedErrorId | Should -Be 'GeoNotFound,GeoOrchestration.PowerShell.Commands.GetGeoJobCommand'
        $missing[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $missing[0].TargetObject | Should -Be ('f' * 64)
        Get-GeoJob 'xyz' -ErrorAction SilentlyContinue -ErrorVariable malformed
        $malformed[0].FullyQualifiedErrorId | Should -Be 'GeoValidation,GeoOrchestration.PowerShell.Commands.GetGeoJobCommand'
    }
}

Describe 'Get-GeoTask' {
    It 'pages with -First and -After (the last TaskId shown), filters by -Status, and refuses a cursor of another job' {
        $job = Invoke-GeoJob noop -tasks 25 -stages 2 -label paging
        $all = @(Get-GeoTask $job.JobId)
        $pages = [System.Collections.Generic.List[object]]::new()
        $after = @{}
        while (($page = @(Get-GeoTask $job.JobId -First 10 @after)).Count -gt 0) {
            $pages.Add($page)
            $after = @{ After = $page[-1].TaskId }
        }
        $all.Count | Should -Be 50
        $pages.Count | Should -Be 5
        ($pages | ForEach-Object { $_ }).TaskId | Should -Be $all.TaskId
        $stage2 = @(Get-GeoTask $job.JobId -Status completed -Stage 2 -First 3 -After $all[25].TaskId)
        $stage2.TaskKey | Should -Be @('1', '2', '3')
        $stage2.Stage | Sort-Object -Unique | Should -Be 2
        Get-GeoTask $job.JobId -Status failed, cancelled | Should -BeNullOrEmpty
        $other = Invoke-GeoJob noop -tasks 1 -label paging-other
        Get-GeoTask $job.JobId -After (Get-GeoTask $other.JobId).TaskId -ErrorAction SilentlyContinue -ErrorVariable refused
        $refused[0].FullyQualifiedErrorId | Should -Be 'GeoValidation,GeoOrchestration.PowerShell.Commands.GetGeoTaskCommand'
        $refused[0].Exception.Message | Should -Match "'after' must be the id of a task of job $($job.JobId)"
    }
}

Describe 'Stop-GeoJob and Restart-GeoJob' {
    It 'cancels a queued job; cancelling it again is GeoConflict with the id as target' {
        $job = Submit-GeoJob hello_world -count 9
        $stopped = $job | Stop-GeoJob -Confirm:$false -PassThru -Reason 'test'
        $stopped.Status | Should -Be 'cancelled'
        # Named as an argument (a job from the pipeline that has ended is skipped: Pipeline.Tests.ps1).
        Stop-GeoJob $job.JobId -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable conflict
        $conflict[0].FullyQualifiedErrorId | Should -Be 'GeoConflict,GeoOrchestration.PowerShell.Commands.StopGeoJobCommand'
        $conflict[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
        $conflict[0].CategoryInfo.Reason | Should -Be 'JobStatusConflict'
        $conflict[0].TargetObject | Should -Be $job.JobId
    }

    It 'does nothing under -WhatIf and prompts nothing with -Confirm:$false' {
        $job = Submit-GeoJob hello_world -count 10
        $job | Stop-GeoJob -WhatIf
        (Get-GeoJob $job.JobId).Status | Should -Be 'queued'
        $job | Stop-GeoJob -Confirm:$false
        (Get-GeoJob $job.JobId).Status | Should -Be 'cancelled'
        (Restart-GeoJob $job.JobId -Confirm:$false -PassThru).Status | Should -Be 'processing'
        Restart-GeoJob $job.JobId -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable conflict
        $conflict[0].FullyQualifiedErrorId | Should -Be 'GeoConflict,GeoOrchestration.PowerShell.Commands.RestartGeoJobCommand'
        Stop-GeoJob $job.JobId -Confirm:$false
    }
}

Describe 'Wait-GeoJob' {
    It 'gives a GeoTimeout error per job still running, with the job as target' {
        $a = Submit-GeoJob hello_world -count 11
        $b = Submit-GeoJob hello_world -count 12
        $done = $a, $b | Wait-GeoJob -Timeout 1 -ErrorAction SilentlyContinue -ErrorVariable late -WarningAction SilentlyContinue
        $done | Should -BeNullOrEmpty
        $late.Count | Should -Be 2
        $late.FullyQualifiedErrorId | Sort-Object -Unique | Should -Be 'GeoTimeout,GeoOrchestration.PowerShell.Commands.WaitGeoJobCommand'
        $late[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
        $late.TargetObject.JobId | Sort-Object | Should -Be (@($a.JobId, $b.JobId) | Sort-Object)
        $a, $b | Stop-GeoJob -Confirm:$false
    }

    It 'warns once when no worker is registered on the store' {
        $quiet = Connect-GeoOrchestration -ConnectionString $pg -Schema (New-TestSchema quiet)
        Invoke-GeoSchemaDeploy -Connection $quiet -Confirm:$false | Out-Null
        $job = Submit-GeoJob hello_world -count 1 -Connection $quiet
        $job | Wait-GeoJob -Connection $quiet -Timeout 13 -ErrorAction SilentlyContinue -WarningVariable warned -WarningAction SilentlyContinue
        $warned.Count | Should -Be 1
        "$($warned[0])" | Should -Match 'No worker is registered on this store.*Start one with Start-GeoWorker'
        Connect-GeoOrchestration -ConnectionString $pg -Schema $schema | Out-Null
    }
}

Describe 'Errors of the store' {
    It 'says GeoUnavailable when the server cannot be reached' {
        $nowhere = 'Host=127.0.0.1;Port=1;Username=postgres;Database=postgres;Timeout=2'
        Get-GeoJob -Connection $nowhere -ErrorAction SilentlyContinue -ErrorVariable failed
        $failed[0].FullyQualifiedErrorId | Should -Be 'GeoUnavailable,GeoOrchestration.PowerShell.Commands.GetGeoJobCommand'
        $failed[0].CategoryInfo.Category | Should -Be 'ConnectionError'
    }
}

Describe 'Output' {
    It 'shows jobs in the default table and survives ConvertTo-Json and Export-Clixml' {
        $job = Invoke-GeoJob hello_world -count 2 -RunKey 'output'
        $table = $job | Format-Table | Out-String -Width 120
        $table | Should -Match 'JobId\s+JobType\s+Status\s+Stage\s+Progress\s+Age'
        $table | Should -Match ([regex]::Escape($job.JobId.Substring(0, 16)))
        $table | Should -Match 'completed\s+3/3'
        ($job | Format-List | Out-String) | Should -Match $job.JobId
        $json = $job | ConvertTo-Json -Depth 5 | ConvertFrom-Json
        $json.JobId | Should -Be $job.JobId
        $json.Parameters.count | Should -Be 2
        $json.Status | Should -Be 'completed'
        $file = Join-Path $TestDrive 'job.xml'
        $job | Export-Clixml $file
        $back = Import-Clixml $file
        $back.JobId | Should -Be $job.JobId
        $back.Created | Should -Be $job.Created
        ($back | Format-Table | Out-String -Width 120) | Should -Match 'completed\s+3/3'
        $tasks = Get-GeoTask $job.JobId
        ($tasks | Format-Table | Out-String -Width 120) | Should -Match 'Stage\s+TaskKey\s+Status\s+Attempts\s+Progress\s+Worker\s+Error'
        ($tasks | ConvertTo-Json -Depth 5 | ConvertFrom-Json).Count | Should -Be $tasks.Count
        (Get-GeoJobType | Format-Table | Out-String -Width 120) | Should -Match 'greet > reply > summarize'
    }
}
