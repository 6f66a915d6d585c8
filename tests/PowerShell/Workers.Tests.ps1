# Who is working (issue 23, part 2): Get-GeoWorker lists a Start-GeoWorker running in another pwsh,
# Get-GeoTask names the worker of a running task, Wait-GeoJob's "nobody is working" warning asks the
# worker registry, and bad input to Get-GeoWorker is refused with stable error ids. On an embedded
# store of the file's own.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1')
    Import-Module (Get-ModuleManifestPath) -Force
    $script:folder = Join-Path ([IO.Path]::GetTempPath()) "geoorch-w-$([guid]::NewGuid().ToString('N').Substring(0, 8))"
    New-Item -ItemType Directory $folder | Out-Null
    $script:store = Join-Path $folder 'workers.db'
    Connect-GeoOrchestration -Path $store | Out-Null
    Invoke-GeoSchemaDeploy -Confirm:$false | Out-Null

    function Start-WorkerPwsh([int] $Concurrency) {
        $file = Join-Path $folder "worker-$([guid]::NewGuid().ToString('N')).ps1"
        @"
Import-Module '$(Get-ModuleManifestPath)'
Connect-GeoOrchestration -Path '$store' | Out-Null
Start-GeoWorker -Concurrency $Concurrency -ShutdownGrace 1 -InformationAction Continue
"@ | Set-Content -LiteralPath $file
        $process = Start-ChildPwsh -File $file
        # Drained as it comes: an unread pipe would block the worker once full.
        $process | Add-Member -NotePropertyName Output -NotePropertyValue $process.StandardOutput.ReadToEndAsync()
        $process | Add-Member -NotePropertyName Errors -NotePropertyValue $process.StandardError.ReadToEndAsync()
        $process
    }

    function Wait-Until([scriptblock] $Condition, [string] $What, [int] $Seconds = 90) {
        $deadline = [DateTime]::UtcNow.AddSeconds($Seconds)
        while (-not (& $Condition)) {
            if ([DateTime]::UtcNow -gt $deadline) { throw "Not within $Seconds s: $What" }
            Start-Sleep -Milliseconds 100
        }
    }
}

AfterAll {
    if ($script:worker -and -not $worker.HasExited) { $worker.Kill($true) }
    Remove-Item -Recurse -Force $folder -ErrorAction Ignore
}

Describe 'With no worker running' {
    It 'Get-GeoWorker lists nobody' {
        @(Get-GeoWorker) | Should -HaveCount 0
    }

    It 'Wait-GeoJob warns once that no worker is registered, naming how to start one' {
        $job = Submit-GeoJob hello_world -count 1 -RunKey no-worker
        $job | Wait-GeoJob -Timeout 13 -ErrorAction SilentlyContinue -WarningVariable warned -WarningAction SilentlyContinue
        $warned.Count | Should -Be 1
        "$($warned[0])" | Should -Match "^No worker is registered on this store, and job $($job.JobId.Substring(0, 16)) has not moved for .*Start one with Start-GeoWorker"
        $job | Stop-GeoJob -Confirm:$false | Out-Null
    }
}

Describe 'With a worker running in another pwsh' {
    BeforeAll {
        $script:worker = Start-WorkerPwsh -Concurrency 3
        Wait-Until { Get-GeoWorker | Where-Object ProcessId -eq $worker.Id } "the worker (pid $($worker.Id)) registered"
    }

    AfterAll {
        if (-not $worker.HasExited) { kill -s TERM $worker.Id; $worker.WaitForExit(60000) | Out-Null }
    }

    It 'Get-GeoWorker shows it with its host, pid, version, concurrency and job types' {
        $listed = Get-GeoWorker | Where-Object ProcessId -eq $worker.Id
        $listed | Should -HaveCount 1
        $listed.HostName | Should -Be ([Environment]::MachineName)
        $listed.State | Should -Be 'Running'
        $listed.Concurrency | Should -Be 3
        $listed.Version | Should -Match '^\d+\.\d+\.\d+'
        $listed.JobTypes | Should -Contain 'hello_world'
        $listed.WorkerId | Should -BeLike "$([Environment]::MachineName):$($worker.Id):*"
        $listed.HeartbeatAge | Should -BeLessThan ([TimeSpan]::FromSeconds(60))
        # The default table: host, pid, state, running of concurrency, ages, version and id.
        $table = ($listed | Format-Table | Out-String -Width 160)
        $table | Should -Match 'HostName\s+PID\s+State\s+Running\s+Up\s+Heartbeat\s+Version\s+WorkerId'
        $table | Should -Match "\s$($worker.Id)\s+Running\s+\d+/3\s+\d+[smhd]\s+\d+[smhd] ago\s"
    }

    It 'Get-GeoWorker filters by -WorkerId, -HostName and -State, with wildcards' {
        $id = (Get-GeoWorker | Where-Object ProcessId -eq $worker.Id).WorkerId
        (Get-GeoWorker -WorkerId $id).ProcessId | Should -Be $worker.Id
        (Get-GeoWorker -WorkerId "*:$($worker.Id):*").ProcessId | Should -Be $worker.Id
        (Get-GeoWorker -HostName ([Environment]::MachineName.ToUpperInvariant())).ProcessId | Should -Contain $worker.Id
        @(Get-GeoWorker -HostName 'no-such-host*') | Should -HaveCount 0
        @(Get-GeoWorker -State Lost) | Should -HaveCount 0
        (Get-GeoWorker -State running).ProcessId | Should -Contain $worker.Id
    }

    It 'Get-GeoTask shows the worker running a task, by id and host, in its table and as properties' {
        $job = Submit-GeoJob noop -tasks 1 -delay_ms 60000 -label task-worker
        Wait-Until { Get-GeoTask $job.JobId | Where-Object Status -eq processing } 'the task started'
        $task = Get-GeoTask $job.JobId
        $registered = Get-GeoWorker | Where-Object ProcessId -eq $worker.Id

        $task.Worker | Should -Be $registered.WorkerId
        $task.WorkerHost | Should -Be ([Environment]::MachineName)
        # The table's Worker column: the id, cut to its width (host:pid: first, the random suffix last).
        $prefix = "$([Environment]::MachineName):$($worker.Id):"
        $start = [regex]::Escape($prefix.Substring(0, [Math]::Min(11, $prefix.Length)))
        ($task | Format-Table | Out-String -Width 200) | Should -Match "processing\s+1/\d+\s+$start"
        # A task's Worker names the worker for Get-GeoWorker.
        ($task | Get-GeoWorker).ProcessId | Should -Be $worker.Id
        $job | Stop-GeoJob -Confirm:$false | Out-Null
    }

    It 'Wait-GeoJob does not warn while the worker holds a long task of the job' {
        $job = Submit-GeoJob noop -tasks 1 -delay_ms 60000 -label quiet-wait
        Wait-Until { Get-GeoTask $job.JobId | Where-Object Status -eq processing } 'the task started'
        # Past the 10 s after which a job that does not move makes a wait ask who is working.
        $job | Wait-GeoJob -Timeout 13 -ErrorAction SilentlyContinue -WarningVariable warned -WarningAction SilentlyContinue
        $warned | Should -BeNullOrEmpty
        $job | Stop-GeoJob -Confirm:$false | Out-Null
    }

    It 'refuses a second Start-GeoWorker with its -WorkerId (GeoConflict WorkerIdInUse naming its host and pid), and it keeps running' {
        $listed = Get-GeoWorker | Where-Object ProcessId -eq $worker.Id
        $refused = { Start-GeoWorker -WorkerId $listed.WorkerId -ExitWhenIdle 1 -ErrorAction Stop } | Should -Throw -PassThru
        $refused.FullyQualifiedErrorId | Should -BeLike 'GeoConflict,*StartGeoWorkerCommand'
        $refused.CategoryInfo.Reason | Should -Be 'WorkerIdInUse'
        "$($refused.Exception.Message)" | Should -BeLike "Worker id '$($listed.WorkerId)' is held by a live worker on $([Environment]::MachineName) (pid $($worker.Id)), last heartbeat *"
        $worker.HasExited | Should -BeFalse
        (Get-GeoWorker | Where-Object ProcessId -eq $worker.Id).Started | Should -Be $listed.Started
    }

    It 'is gone from Get-GeoWorker as soon as it stopped on SIGTERM' {
        kill -s TERM $worker.Id
        $worker.WaitForExit(60000) | Should -BeTrue
        $worker.ExitCode | Should -Be 0 -Because "pwsh said: $($worker.Output.Result) $($worker.Errors.Result)"
        @(Get-GeoWorker | Where-Object ProcessId -eq $worker.Id) | Should -HaveCount 0
    }
}

Describe 'Bad input to Get-GeoWorker' {
    It 'refuses an id that is not registered with GeoNotFound, as Get-Process -Id does for a process' {
        Get-GeoWorker -WorkerId 'nobody:1:abcdef' -ErrorAction SilentlyContinue -ErrorVariable failed | Should -BeNullOrEmpty
        $failed[0].FullyQualifiedErrorId | Should -Be 'GeoNotFound,GeoOrchestration.PowerShell.Commands.GetGeoWorkerCommand'
        $failed[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $failed[0].TargetObject | Should -Be 'nobody:1:abcdef'
    }

    It 'refuses a state it does not know, naming the parameter' {
        { Get-GeoWorker -State Sleeping } | Should -Throw -ErrorId 'ParameterArgumentValidationError,GeoOrchestration.PowerShell.Commands.GetGeoWorkerCommand'
    }

    It 'refuses an empty id, naming the parameter' {
        { Get-GeoWorker -WorkerId '' } | Should -Throw -ErrorId 'ParameterArgumentValidationError,GeoOrchestration.PowerShell.Commands.GetGeoWorkerCommand'
    }
}
