# GeoJobs as PowerShell jobs: Submit-GeoJob -AsJob and PowerShell's own Get-Job, Wait-Job, Receive-Job, Stop-Job and
# Remove-Job, against a real PostgreSQL with a real worker (Start-GeoWorker in a pwsh of its own).
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1')
    Import-Module (Get-ModuleManifestPath) -Force
    $script:pg = Get-TestPostgres
    # Jobs in this schema are run by the worker; jobs in the idle one by nobody.
    $script:schema = New-TestSchema psjobs
    $script:idle = Connect-GeoOrchestration -ConnectionString $pg -Schema (New-TestSchema psjobs_idle)
    Invoke-GeoSchemaDeploy -Connection $idle -Confirm:$false | Out-Null
    $script:connection = Connect-GeoOrchestration -ConnectionString $pg -Schema $schema
    Invoke-GeoSchemaDeploy -Confirm:$false | Out-Null
    $script:worker = Start-ChildPwsh -File (New-WorkerScript -Schema $schema -ExitWhenIdle 600 -ShutdownGrace 5)
    $script:workerOutput = $worker.StandardOutput.ReadToEndAsync()
    $script:workerErrors = $worker.StandardError.ReadToEndAsync()

    function Wait-ForState($job, [string] $state) {
        # Get-Job reads the job's state from the store at each call; no timing is asserted, only that it gets there.
        $deadline = [DateTime]::UtcNow.AddSeconds(120)
        while ((Get-Job -Id $job.Id).State -ne $state) {
            if ([DateTime]::UtcNow -gt $deadline) { throw "Job $($job.Name) never got to $state (it is $($job.State)); worker: $($workerOutput.Result)" }
            Start-Sleep -Milliseconds 200
        }
    }
}

AfterAll {
    if ($worker -and -not $worker.HasExited) {
        kill -s TERM $worker.Id
        $worker.WaitForExit(60000) | Out-Null
    }
}

Describe 'Submit-GeoJob -AsJob' {
    It 'returns a PowerShell job that Wait-Job waits for and Receive-Job takes the result of' {
        $psJob = Submit-GeoJob hello_world -count 3 -AsJob
        $psJob | Should -BeOfType System.Management.Automation.Job
        $psJob.PSJobTypeName | Should -Be 'GeoOrchestrationJob'
        $geoJob = Get-GeoJob $psJob.JobId
        $psJob.Name | Should -Be $geoJob.ShortId
        $psJob.Command | Should -Be 'hello_world {"count":3}'
        $psJob.Location | Should -Be $connection.ToString()
        $psJob.InstanceId | Should -Be ([guid]::ParseExact($geoJob.JobId.Substring(0, 32), 'N'))

        $result = $psJob | Wait-Job -Timeout 120 | Receive-Job
        $psJob.State | Should -Be 'Completed'
        $result | Should -Not -BeNullOrEmpty
        ($result | ConvertTo-Json -Depth 5 -Compress) | Should -Be ((Get-GeoJob $psJob.JobId).Result | ConvertTo-Json -Depth 5 -Compress)
        $result.greetings | Should -Be 3
        # Received without -Keep: nothing more to receive.
        $psJob.HasMoreData | Should -BeFalse
        Receive-Job $psJob | Should -BeNullOrEmpty
    }

    It 'Receive-Job -Wait waits for the result; -AutoRemoveJob then removes the job, from the store too' {
        $psJob = Submit-GeoJob hello_world -count 15 -AsJob
        ($psJob | Receive-Job -Wait -AutoRemoveJob).greetings | Should -Be 15
        $psJob.State | Should -Be 'Completed'
        Get-GeoJob $psJob.JobId -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        Get-Job | Where-Object InstanceId -eq $psJob.InstanceId | Should -BeNullOrEmpty
    }

    It 'keeps the result with Receive-Job -Keep' {
        $psJob = Submit-GeoJob hello_world -count 4 -AsJob | Wait-Job -Timeout 120
        (Receive-Job $psJob -Keep).greetings | Should -Be 4
        $psJob.HasMoreData | Should -BeTrue
        (Receive-Job $psJob).greetings | Should -Be 4
        $psJob.HasMoreData | Should -BeFalse
    }

    It 'is listed by Get-Job with its state, the same PowerShell job at every call' {
        $psJob = Submit-GeoJob hello_world -count 5 -AsJob -Connection $idle
        $listed = Get-Job | Where-Object InstanceId -eq $psJob.InstanceId
        $listed | Should -HaveCount 1
        $listed.Id | Should -Be $psJob.Id
        $listed.State | Should -Be 'NotStarted'
        $listed.Status | Should -Be 'queued'
        (Get-Job -Id $psJob.Id).InstanceId | Should -Be $psJob.InstanceId
        (Get-Job -Name $psJob.Name).Id | Should -Be $psJob.Id
        (Get-Job -State NotStarted).Id | Should -Contain $psJob.Id
        (Get-Job -Filter @{ JobType = 'hello_world'; Status = 'queued' }).Id | Should -Contain $psJob.Id
        # Submitting the same request again returns the same job, so the same PowerShell job.
        (Submit-GeoJob hello_world -count 5 -AsJob -Connection $idle -WarningAction SilentlyContinue).Id | Should -Be $psJob.Id
    }

    It 'pipes its JobId into the GeoJob commands, and Get-GeoJob -AsJob gives the PowerShell job back' {
        $psJob = Submit-GeoJob hello_world -count 6 -AsJob -Connection $idle
        ($psJob | Get-GeoJob -Connection $idle).JobId | Should -Be $psJob.JobId
        (Get-GeoJob $psJob.JobId -Connection $idle -AsJob).Id | Should -Be $psJob.Id
        $other = Submit-GeoJob hello_world -count 14 -Connection $idle
        Get-Job | Where-Object JobId -eq $other.JobId | Should -BeNullOrEmpty
        $listed = Get-GeoJob -Status queued -JobType hello_world -Connection $idle -AsJob
        $listed | ForEach-Object { $_.PSJobTypeName | Should -Be 'GeoOrchestrationJob' }
        $listed.JobId | Should -Contain $other.JobId
        (Get-Job | Where-Object JobId -eq $other.JobId).State | Should -Be 'NotStarted'
    }

    It 'refuses -AsJob with -Wait as a parameter set error, and -WhatIf submits nothing' {
        { Submit-GeoJob hello_world -count 1 -AsJob -Wait } | Should -Throw -ErrorId 'AmbiguousParameterSet,GeoOrchestration.PowerShell.Commands.SubmitGeoJobCommand'
        $before = @(Get-Job).Count
        Submit-GeoJob hello_world -count 77 -AsJob -WhatIf | Should -BeNullOrEmpty
        @(Get-Job).Count | Should -Be $before
        Get-GeoJob -JobType hello_world | Where-Object { $_.Parameters.count -eq 77 } | Should -BeNullOrEmpty
    }
}

Describe 'Wait-Job' {
    It 'returns nothing at -Timeout for a job nobody runs, and reads the store only while it waits' {
        $psJob = Submit-GeoJob hello_world -count 8 -AsJob -Connection $idle
        $read = $psJob.StateReadAt
        # Nobody waits: nothing reads the store for the job.
        Start-Sleep -Seconds 2
        $psJob.StateReadAt | Should -Be $read
        Wait-Job $psJob -Timeout 3 | Should -BeNullOrEmpty
        $psJob.State | Should -Be 'NotStarted'
        # While Wait-Job waited, the job's state was read from the store.
        $psJob.StateReadAt | Should -BeGreaterThan $read
        # A poll under way as Wait-Job gave up may still end (CI run 27: 0.5 s later, at load ~15); after that, no more.
        Start-Sleep -Seconds 2
        $afterWait = $psJob.StateReadAt
        Start-Sleep -Seconds 3
        $psJob.StateReadAt | Should -Be $afterWait
    }
}

Describe 'Stop-Job and Remove-Job' {
    It 'Stop-Job cancels a running job (stopped by Stop-Job), then Remove-Job deletes it from the store' {
        $psJob = Submit-GeoJob noop -tasks 2 -delay_ms 600000 -label stop-job -AsJob
        Wait-ForState $psJob Running
        Stop-Job $psJob
        $psJob.State | Should -Be 'Stopped'
        $stored = Get-GeoJob $psJob.JobId
        $stored.Status | Should -Be 'cancelled'
        $stored.Error | Should -Be 'stopped by Stop-Job'
        $psJob.JobStateInfo.Reason.Message | Should -Match 'stopped by Stop-Job'
        Receive-Job $psJob -WarningVariable warned -WarningAction SilentlyContinue | Should -BeNullOrEmpty
        $warned | Should -Match 'was cancelled: stopped by Stop-Job'
        # Its workers stop the running tasks at their next heartbeat: Remove-Job deletes once they have.
        Remove-Job $psJob
        Get-GeoJob $psJob.JobId -ErrorAction SilentlyContinue -ErrorVariable missing
        $missing[0].FullyQualifiedErrorId | Should -Be 'GeoNotFound,GeoOrchestration.PowerShell.Commands.GetGeoJobCommand'
        Get-Job | Where-Object InstanceId -eq $psJob.InstanceId | Should -BeNullOrEmpty
    }

    It 'Remove-Job -WhatIf leaves an ended job; Remove-Job deletes it' {
        $psJob = Submit-GeoJob hello_world -count 9 -AsJob | Wait-Job -Timeout 120
        $psJob.State | Should -Be 'Completed'
        Remove-Job $psJob -WhatIf
        (Get-GeoJob $psJob.JobId).Status | Should -Be 'completed'
        (Get-Job -Id $psJob.Id).InstanceId | Should -Be $psJob.InstanceId
        Get-Job -Id $psJob.Id | Remove-Job
        Get-GeoJob $psJob.JobId -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        Get-Job -Id $psJob.Id -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'Remove-Job refuses a live job (PowerShell''s own check) and leaves it in the store; -Force cancels, then deletes it' {
        $psJob = Submit-GeoJob hello_world -count 10 -AsJob -Connection $idle
        Remove-Job $psJob -ErrorAction SilentlyContinue -ErrorVariable refused
        $refused[0].FullyQualifiedErrorId | Should -Be 'JobObjectNotFinishedCannotBeRemoved,Microsoft.PowerShell.Commands.RemoveJobCommand'
        (Get-GeoJob $psJob.JobId -Connection $idle).Status | Should -Be 'queued'
        Remove-Job $psJob -Force
        Get-GeoJob $psJob.JobId -Connection $idle -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        Get-Job | Where-Object InstanceId -eq $psJob.InstanceId | Should -BeNullOrEmpty
    }
}

Describe 'A job that completed with errors' {
    It 'is Completed, and Receive-Job gives its result and one warning naming the tolerated failure' {
        # The noop job tolerates no failed task: raster_inventory tolerates one file GDAL cannot read
        # (max_failed_files), made here beside one it reads.
        $folder = Join-Path ([IO.Path]::GetTempPath()) "geoorch-psj-$([guid]::NewGuid().ToString('N').Substring(0, 8))"
        $source = New-Item -ItemType Directory (Join-Path $folder 'in')
        try {
            Set-Content -LiteralPath (Join-Path $folder 'good.vrt') -Value '<VRTDataset rasterXSize="16" rasterYSize="16"><SRS>EPSG:4326</SRS><GeoTransform>5,0.01,0,52,0,-0.01</GeoTransform><VRTRasterBand dataType="Byte" band="1"/></VRTDataset>'
            & gdal_translate -q (Join-Path $folder 'good.vrt') (Join-Path $source 'good.tif')
            if ($LASTEXITCODE) { throw "gdal_translate failed ($LASTEXITCODE)" }
            [IO.File]::WriteAllBytes((Join-Path $source 'broken.tif'), [Text.Encoding]::ASCII.GetBytes("II*`0not a tiff"))

            $psJob = Submit-GeoJob raster_inventory @{ source = "$source"; destination = (Join-Path $folder 'catalog'); max_failed_files = 1 } -AsJob
            $psJob | Wait-Job -Timeout 180 | Out-Null
            $stored = Get-GeoJob $psJob.JobId
            $stored.Status | Should -Be 'completed_with_errors'
            $psJob.State | Should -Be 'Completed'
            $psJob.JobStateInfo.Reason | Should -BeNullOrEmpty
            $psJob.HasMoreData | Should -BeTrue

            $result = Receive-Job $psJob -WarningVariable warned -WarningAction SilentlyContinue -ErrorVariable failed
            $failed | Should -BeNullOrEmpty
            $warned | Should -HaveCount 1
            $warned[0].Message | Should -BeLike "Job $($psJob.Name) (raster_inventory) completed with errors: *"
            ($result | ConvertTo-Json -Depth 8 -Compress) | Should -Be ($stored.Result | ConvertTo-Json -Depth 8 -Compress)
            $result.failed_task_count | Should -Be 1
            $result.failed_tasks[0].error_message | Should -Match 'broken\.tif'
            $psJob.HasMoreData | Should -BeFalse
        }
        finally { Remove-Item -LiteralPath $folder -Recurse -Force -ErrorAction SilentlyContinue }
    }
}

Describe 'A failed job' {
    It 'is Failed with the reason, and Receive-Job writes it as one error' {
        # Its one task overruns its timeout: the job fails for good.
        $psJob = Submit-GeoJob noop -tasks 1 -delay_ms 5000 -TaskTimeout 0.5 -label psjob-failing -AsJob | Wait-Job -Timeout 120
        $psJob.State | Should -Be 'Failed'
        $stored = Get-GeoJob $psJob.JobId
        $stored.Status | Should -Be 'failed'
        $reason = $psJob.JobStateInfo.Reason
        $reason | Should -BeOfType GeoOrchestration.Errors.GeoPermanentException
        $reason.ErrorId | Should -Be 'JobFailed'
        $reason.Message | Should -BeLike "*$($psJob.Name)*failed: $($stored.Error)"
        Receive-Job $psJob -ErrorAction SilentlyContinue -ErrorVariable failed | Should -BeNullOrEmpty
        $failed | Should -HaveCount 1
        $failed[0].Exception | Should -BeOfType GeoOrchestration.Errors.GeoPermanentException
        $failed[0].Exception.ErrorId | Should -Be 'JobFailed'
    }

    It 'stays Failed after Restart-GeoJob; Remove-Job is then refused by the store and Get-Job -Name finds the job anew' {
        $psJob = Submit-GeoJob noop -tasks 1 -delay_ms 5000 -TaskTimeout 0.5 -label psjob-restarted -AsJob | Wait-Job -Timeout 120
        $psJob.State | Should -Be 'Failed'
        Restart-GeoJob $psJob.JobId -Confirm:$false
        try {
            (Get-Job -Id $psJob.Id).State | Should -Be 'Failed'
            Remove-Job $psJob -ErrorAction SilentlyContinue -ErrorVariable refused
            $refused | Should -HaveCount 1
            $refused[0].FullyQualifiedErrorId | Should -Be 'JobSourceAdapterRemoveJobError,Microsoft.PowerShell.Commands.RemoveJobCommand'
            $refused[0].Exception | Should -BeOfType GeoOrchestration.Errors.GeoConflictException
            $refused[0].Exception.Message | Should -Match 'it can be removed only once it has ended'
            (Get-GeoJob $psJob.JobId).Status | Should -BeIn 'processing', 'queued', 'failed'
            Get-Job | Where-Object InstanceId -eq $psJob.InstanceId | Should -BeNullOrEmpty
            $again = Get-Job -Name $psJob.Name
            $again.InstanceId | Should -Be $psJob.InstanceId
            $again.Id | Should -Not -Be $psJob.Id
        }
        finally {
            Stop-GeoJob $psJob.JobId -Confirm:$false -ErrorAction SilentlyContinue
        }
    }
}

Describe 'Get-Job and jobs this session did not submit' {
    It 'finds a job another process submitted by -Name (an id prefix) and by -InstanceId' {
        $child = Invoke-ChildPwsh -Script @"
Import-Module '$(Get-ModuleManifestPath)'
Connect-GeoOrchestration -ConnectionString '$pg' -Schema '$schema' | Out-Null
(Submit-GeoJob hello_world -count 11).JobId
"@
        $child.ExitCode | Should -Be 0 -Because $child.Output
        $jobId = ($child.Output -split "`n" | Where-Object { $_ -match '^[0-9a-f]{64}$' } | Select-Object -First 1).Trim()
        $jobId | Should -Match '^[0-9a-f]{64}$'
        Get-Job | Where-Object JobId -eq $jobId | Should -BeNullOrEmpty
        $found = Get-Job -Name $jobId.Substring(0, 10)
        $found.JobId | Should -Be $jobId
        $found.PSJobTypeName | Should -Be 'GeoOrchestrationJob'
        (Get-Job -InstanceId $found.InstanceId).Id | Should -Be $found.Id
        # From now on the session holds it.
        (Get-Job | Where-Object JobId -eq $jobId).Id | Should -Be $found.Id
        ($found | Wait-Job -Timeout 120 | Receive-Job).greetings | Should -Be 11
    }

    It 'matches -InstanceId against held jobs only: other job types'' lookups and Remove-Job open no GeoOrchestration store' {
        $other = Submit-GeoJob hello_world -count 12
        Get-Job -InstanceId ([guid]::ParseExact($other.JobId.Substring(0, 32), 'N')) -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        # PowerShell asks every adapter for a thread job's instance id (Get-Job -InstanceId, Remove-Job): a session
        # store that does not exist yet (a file Connect-GeoOrchestration -Path names) is neither opened nor created.
        $file = Join-Path ([IO.Path]::GetTempPath()) "geoorch-psjobs-$([guid]::NewGuid().ToString('N').Substring(0, 8)).db"
        Connect-GeoOrchestration -Path $file | Out-Null
        try {
            $thread = Start-ThreadJob { 'threaded' } | Wait-Job
            (Get-Job -InstanceId $thread.InstanceId).PSJobTypeName | Should -Be 'ThreadJob'
            Remove-Job -InstanceId $thread.InstanceId
            Get-Job | Where-Object InstanceId -eq $thread.InstanceId | Should -BeNullOrEmpty
            Test-Path $file | Should -BeFalse
        }
        finally {
            Connect-GeoOrchestration -ConnectionString $pg -Schema $schema | Out-Null
            Remove-Item "$file*" -ErrorAction Ignore
        }
    }

    It 'says nothing of a name that is no job of the store, and lists background jobs beside GeoJobs' {
        Get-Job -Name 'deadbeef00' -ErrorAction SilentlyContinue -ErrorVariable missing | Should -BeNullOrEmpty
        $missing[0].FullyQualifiedErrorId | Should -Be 'JobWithSpecifiedNameNotFound,Microsoft.PowerShell.Commands.GetJobCommand'
        $background = Start-Job { 'plain' }
        (Get-Job).Id | Should -Contain $background.Id
        $background | Wait-Job -Timeout 120 | Receive-Job | Should -Be 'plain'
        $background | Remove-Job
    }

    It 'refuses a -Filter key it cannot filter by, naming the keys it can' {
        # PowerShell's job manager writes what an adapter refuses for -Filter as a warning.
        Get-Job -Filter @{ Owner = 'ada' } -WarningAction SilentlyContinue -WarningVariable refused | Should -BeNullOrEmpty
        ($refused | Out-String) | Should -Match "GeoJobs are filtered by JobId, JobType, Status or Name; 'Owner' is none of them"
    }
}

Describe 'Remove-Module' {
    It 'leaves Get-Job working: GeoJobs go, background jobs stay' {
        $child = Invoke-ChildPwsh -Script @"
`$ErrorActionPreference = 'Stop'
Import-Module '$(Get-ModuleManifestPath)'
Connect-GeoOrchestration -ConnectionString '$pg' -Schema '$($idle.Schema)' | Out-Null
`$geo = Submit-GeoJob hello_world -count 13 -AsJob
`$plain = Start-Job { 'plain' } | Wait-Job
"before: " + ((Get-Job | Sort-Object Id | ForEach-Object PSJobTypeName) -join ',')
Remove-Module GeoOrchestration
"after: " + ((Get-Job | ForEach-Object PSJobTypeName) -join ',')
"name: " + @(Get-Job -Name `$geo.Name -ErrorAction SilentlyContinue).Count
"received: " + (Receive-Job `$plain)
Import-Module '$(Get-ModuleManifestPath)'
"again: " + @(Get-Job | Where-Object PSJobTypeName -eq GeoOrchestrationJob).Count
"done"
"@
        $child.ExitCode | Should -Be 0 -Because $child.Output
        $child.Output | Should -Match 'before: GeoOrchestrationJob,BackgroundJob'
        $child.Output | Should -Match 'after: BackgroundJob\r?\n'
        $child.Output | Should -Match 'name: 0'
        $child.Output | Should -Match 'received: plain'
        $child.Output | Should -Match 'again: 0'
        $child.Output | Should -Match 'done'
    }

    It 'leaves Get-Job working when the module was removed before any job was asked for' {
        $child = Invoke-ChildPwsh -Script @"
`$ErrorActionPreference = 'Stop'
Import-Module '$(Get-ModuleManifestPath)'
Remove-Module GeoOrchestration
"count: " + @(Get-Job).Count
"name: " + @(Get-Job -Name 'deadbeef00' -ErrorAction SilentlyContinue).Count
"instance: " + @(Get-Job -InstanceId ([guid]::NewGuid()) -ErrorAction SilentlyContinue).Count
"done"
"@
        $child.ExitCode | Should -Be 0 -Because $child.Output
        $child.Output | Should -Match 'count: 0'
        $child.Output | Should -Match 'name: 0'
        $child.Output | Should -Match 'instance: 0'
    }
}
