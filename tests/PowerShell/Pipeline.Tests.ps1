# Pipelines of ids and of many jobs (issue 17.6): job ids bind by value as strings on every cmdlet
# that takes one (objects with a JobId still bind by it), ended jobs are passed over quietly by
# Stop-GeoJob and Restart-GeoJob in pipelines, job ids tab-complete from the store, Get-GeoJob and
# Get-GeoTask page with -Skip/-First/-IncludeTotalCount, boolean job parameters are switches.
# On an embedded store of the file's own, with the module in this session.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1')
    Import-Module (Get-ModuleManifestPath) -Force
    # Not in TestDrive, which Pester empties per Describe: one store for the file.
    $script:folder = Join-Path ([IO.Path]::GetTempPath()) "geoorch-pipeline-$([guid]::NewGuid().ToString('N'))"
    $script:store = Join-Path $folder 'pipeline.db'
    Connect-GeoOrchestration -Path $store | Out-Null
    # Ended and live jobs of their own: a completed one, a failed one, a queued one (no worker runs here).
    $script:completed = Invoke-GeoJob noop -tasks 3 -label 'pipeline-completed'
    $script:failed = Invoke-GeoJob noop -tasks 1 -delay_ms 5000 -TaskTimeout 0.5 -label 'pipeline-failed' -WarningAction SilentlyContinue

    function Get-Verbose([scriptblock] $Command) {
        # The verbose lines a command writes, as text.
        @(& $Command 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
    }
}

AfterAll {
    Remove-Item -Recurse -Force $folder -ErrorAction Ignore
}

Describe 'Job ids from the pipeline' {
    It 'Get-GeoJob takes ids by value: whole, prefix and wildcard, and jobs by their JobId' {
        ($completed.JobId | Get-GeoJob).JobId | Should -Be $completed.JobId
        ($completed.JobId.Substring(0, 8) | Get-GeoJob).JobId | Should -Be $completed.JobId
        (($completed.JobId.Substring(0, 12) + '*') | Get-GeoJob).JobId | Should -Be $completed.JobId
        $both = @($completed.JobId.Substring(0, 10), $failed.JobId) | Get-GeoJob
        $both.JobId | Should -Be @($completed.JobId, $failed.JobId)
        # Objects still bind by property name: a job, a task, any object with a JobId.
        ($completed | Get-GeoJob).JobId | Should -Be $completed.JobId
        ([pscustomobject]@{ JobId = $failed.JobId } | Get-GeoJob).Status | Should -Be 'failed'
        (Get-GeoTask $completed.JobId | Select-Object -First 1 | Get-GeoJob).JobId | Should -Be $completed.JobId
        # Positional and named use as before, and no argument still lists.
        (Get-GeoJob $completed.JobId).JobId | Should -Be $completed.JobId
        (Get-GeoJob).JobId | Should -Contain $failed.JobId
    }

    It 'Get-GeoTask, Wait-GeoJob, Stop-GeoJob and Restart-GeoJob take ids by value, from a file of ids too' {
        @($completed.JobId.Substring(0, 8) | Get-GeoTask).Count | Should -Be 3
        @(($completed.JobId.Substring(0, 12) + '*') | Get-GeoTask).Count | Should -Be 3
        ($completed.JobId | Wait-GeoJob -Timeout 5).Status | Should -Be 'completed'
        ($failed.JobId.Substring(0, 9) | Wait-GeoJob -Timeout 5).Status | Should -Be 'failed'

        $queued = @(1..2 | ForEach-Object { Submit-GeoJob noop -tasks 1 -label "pipeline-ids-$_" })
        $ids = Join-Path $folder 'ids.txt'
        $queued.JobId | Set-Content $ids
        Get-Content $ids | Stop-GeoJob -Confirm:$false
        (Get-Content $ids | Get-GeoJob).Status | Should -Be @('cancelled', 'cancelled')
        $retried = Get-Content $ids | Restart-GeoJob -Confirm:$false -PassThru
        $retried.JobId | Should -Be $queued.JobId
        (Get-Content $ids | Get-GeoJob).Status | Should -Be @('processing', 'processing')
        Get-Content $ids | Stop-GeoJob -Confirm:$false
    }
}

Describe 'Stopping and retrying many jobs' {
    It 'Get-GeoJob | Stop-GeoJob cancels the live jobs and passes over the ended ones with a verbose line, asking about none of them' {
        $live = Submit-GeoJob noop -tasks 1 -label 'pipeline-stop-live'
        $errors = $null
        $verbose = Get-Verbose { Get-GeoJob | Stop-GeoJob -Confirm:$false -Verbose -ErrorVariable errors }
        $errors | Should -BeNullOrEmpty
        (Get-GeoJob $live.JobId).Status | Should -Be 'cancelled'
        # ShouldProcess reports each job it is asked about (-Verbose with -Confirm:$false): only the live one.
        @($verbose -like '*"Cancel"*').Count | Should -Be 1
        $verbose -like "*$($live.JobId)*" | Should -Not -BeNullOrEmpty
        $verbose | Should -Contain "Job $($completed.JobId.Substring(0, 16)) is completed: skipped (it can be cancelled only while it is queued or processing)."
        $verbose | Should -Contain "Job $($failed.JobId.Substring(0, 16)) is failed: skipped (it can be cancelled only while it is queued or processing)."
        @($verbose -like '*"Cancel"*' -like "*$($completed.JobId)*") | Should -BeNullOrEmpty
    }

    It 'a wildcard passes over ended jobs as the pipeline does' {
        $errors = $null
        $verbose = Get-Verbose { Stop-GeoJob ($completed.JobId.Substring(0, 12) + '*') -Confirm:$false -Verbose -ErrorVariable errors }
        $errors | Should -BeNullOrEmpty
        $verbose | Should -Contain "Job $($completed.JobId.Substring(0, 16)) is completed: skipped (it can be cancelled only while it is queued or processing)."
    }

    It 'an ended job named as an argument is still a conflict' {
        Stop-GeoJob $completed.JobId -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable refused
        $refused.Count | Should -Be 1
        $refused[0].FullyQualifiedErrorId | Should -Be 'GeoConflict,GeoOrchestration.PowerShell.Commands.StopGeoJobCommand'
        Restart-GeoJob $completed.JobId -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable notRetried
        $notRetried[0].FullyQualifiedErrorId | Should -Be 'GeoConflict,GeoOrchestration.PowerShell.Commands.RestartGeoJobCommand'
    }

    It 'Get-GeoJob | Restart-GeoJob retries what ended in failure and passes over completed and live jobs' {
        $failedAgain = Invoke-GeoJob noop -tasks 1 -delay_ms 5000 -TaskTimeout 0.5 -label 'pipeline-restart' -WarningAction SilentlyContinue
        $live = Submit-GeoJob noop -tasks 1 -label 'pipeline-restart-live'
        $errors = $null
        $verbose = Get-Verbose { Get-GeoJob -Status failed, completed, queued | Restart-GeoJob -Confirm:$false -Verbose -ErrorVariable errors }
        $errors | Should -BeNullOrEmpty
        (Get-GeoJob $failedAgain.JobId).Status | Should -Be 'processing'
        (Get-GeoJob $live.JobId).Status | Should -Be 'queued'
        $verbose | Should -Contain "Job $($completed.JobId.Substring(0, 16)) is completed: skipped (it can be retried only when it has failed, was cancelled or completed with errors)."
        $verbose | Should -Contain "Job $($live.JobId.Substring(0, 16)) is queued: skipped (it can be retried only when it has failed, was cancelled or completed with errors)."
        Stop-GeoJob $failedAgain.JobId, $live.JobId -Confirm:$false
        Stop-GeoJob $failed.JobId -Confirm:$false -ErrorAction Ignore
    }
}

Describe 'Job id completion' {
    It 'offers the store''s job ids, the most recent first, as the 16 characters listings show' {
        $newest = Submit-GeoJob noop -tasks 1 -label 'pipeline-complete'
        $offered = (TabExpansion2 'Get-GeoJob ' 11).CompletionMatches
        $offered[0].CompletionText | Should -Be $newest.JobId.Substring(0, 16)
        $offered.CompletionText | Should -Contain $completed.JobId.Substring(0, 16)
        $offered[0].ToolTip | Should -BeLike "$($newest.JobId): noop, queued, submitted *"
        $typed = $completed.JobId.Substring(0, 6)
        $line = "Stop-GeoJob -JobId $typed"
        (TabExpansion2 $line $line.Length).CompletionMatches.CompletionText | Should -Be $completed.JobId.Substring(0, 16)
        foreach ($command in 'Get-GeoTask', 'Wait-GeoJob', 'Restart-GeoJob') {
            $line = "$command $typed"
            (TabExpansion2 $line $line.Length).CompletionMatches.CompletionText | Should -Be $completed.JobId.Substring(0, 16)
        }
        Stop-GeoJob $newest.JobId -Confirm:$false
    }

    It 'creates no store and shows no error where there is none or it cannot be reached' {
        $missing = Join-Path $folder 'nothing-here/x.db'
        $line = "Get-GeoJob -Connection sqlite:$missing "
        $Error.Clear()
        (TabExpansion2 $line $line.Length).CompletionMatches | Should -BeNullOrEmpty
        Test-Path (Split-Path $missing) | Should -BeFalse
        # Port 1 refuses at once: a store that cannot be reached offers nothing.
        $line = "Get-GeoJob -Connection 'Host=127.0.0.1;Port=1;Username=nobody;Database=none' "
        (TabExpansion2 $line $line.Length).CompletionMatches | Should -BeNullOrEmpty
        $Error.Count | Should -Be 0
    }
}

Describe 'Paging' {
    BeforeAll {
        $script:pagingType = 'pipeline-paging'
        # The worker of Invoke-GeoJob serves every queued job: the queued ones come after it.
        $script:many = Invoke-GeoJob noop -tasks 12 -stages 2 -label 'pipeline-tasks'
        $script:paged = @(1..5 | ForEach-Object { Submit-GeoJob noop -tasks 1 -label "pipeline-page-$_" })
    }
    AfterAll {
        $paged | Stop-GeoJob -Confirm:$false
    }

    It 'Get-GeoJob -Skip -First -IncludeTotalCount pages the listing' {
        # Jobs of one millisecond list by id: compared with the listing itself, not the order of submission.
        $all = @(Get-GeoJob -Status queued)
        $all.Count | Should -BeGreaterOrEqual 5
        (Get-GeoJob -Status queued -Skip 1 -First 2).JobId | Should -Be $all.JobId[1..2]
        (Get-GeoJob -Skip 2 -First 1).JobId | Should -Be (Get-GeoJob).JobId[2]
        # Several statuses are filtered as they are read: skipped after filtering all the same.
        (Get-GeoJob -Status queued, failed -Skip 3 -First 1).JobId | Should -Be (@(Get-GeoJob -Status queued, failed))[3].JobId
        $counted = @(Get-GeoJob -Status queued -IncludeTotalCount -First 1)
        $counted[0].ToString() | Should -Be "Total count: $($all.Count)"
        $counted[1].JobId | Should -Be $all[0].JobId
        @(Get-GeoJob -First 0 -IncludeTotalCount).Count | Should -Be 1
        # Ids and patterns: one page across all of them, the total at the end.
        $ids = $paged.JobId | Get-GeoJob -Skip 1 -First 3 -IncludeTotalCount
        $ids[0..2].JobId | Should -Be $paged.JobId[1..3]
        $ids[3].ToString() | Should -Be 'Total count: 5'
    }

    It 'Get-GeoTask -Skip -First -IncludeTotalCount pages a job''s tasks, with -After and -Status as before' {
        $all = @(Get-GeoTask $many.JobId)
        $all.Count | Should -Be 24
        (Get-GeoTask $many.JobId -Skip 5 -First 4).TaskId | Should -Be $all.TaskId[5..8]
        (Get-GeoTask $many.JobId -After $all[9].TaskId -Skip 2 -First 3).TaskId | Should -Be $all.TaskId[12..14]
        (Get-GeoTask $many.JobId -Stage 2 -Status completed -Skip 10).TaskId | Should -Be $all.TaskId[22..23]
        (Get-GeoTask $many.JobId -Status completed, failed -Skip 22).TaskId | Should -Be $all.TaskId[22..23]
        $counted = @(Get-GeoTask $many.JobId -Stage 2 -IncludeTotalCount -First 1)
        $counted[0].ToString() | Should -Be 'Total count: 12'
        $counted[1].TaskId | Should -Be $all[12].TaskId
    }
}

Describe 'Boolean job parameters' {
    It 'are switches: -recursive alone is true, -recursive:$false false, left out the default' {
        $source = New-Item -ItemType Directory (Join-Path $folder 'rasters') -Force
        $parameter = (Get-Command Submit-GeoJob -ArgumentList raster_to_cog).Parameters['recursive']
        $parameter.SwitchParameter | Should -BeTrue
        $on = Submit-GeoJob raster_to_cog -source $source.FullName -destination (Join-Path $folder 'cogs-on') -recursive
        $on.Parameters.recursive | Should -BeTrue
        $off = Submit-GeoJob raster_to_cog -source $source.FullName -destination (Join-Path $folder 'cogs-off') -recursive:$false
        $off.Parameters.recursive | Should -BeFalse
        $default = Submit-GeoJob raster_to_cog -source $source.FullName -destination (Join-Path $folder 'cogs-default')
        $default.Parameters.recursive | Should -BeFalse
        $on, $off, $default | Stop-GeoJob -Confirm:$false
    }
}
