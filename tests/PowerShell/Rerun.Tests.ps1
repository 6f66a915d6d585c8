# Running the same request again, and retrying what ended: a resubmission that returns a job that
# already existed says so (a warning naming the job, its state and when it ended, verbose details),
# Invoke-GeoJob does not run a job that had ended, and Restart-GeoJob takes new timeouts. On an
# embedded store of the suite's own, with the module in this session.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1')
    Import-Module (Get-ModuleManifestPath) -Force
    # Not in TestDrive, which Pester empties per Describe: one store for the file.
    $script:folder = Join-Path ([IO.Path]::GetTempPath()) "geoorch-rerun-$([guid]::NewGuid().ToString('N'))"
    Connect-GeoOrchestration -Path (Join-Path $folder 'rerun.db') | Out-Null

    function Invoke-FailingJob([string] $Label) {
        # A 5 s task under a 0.5 s task timeout fails for good, and its job with it.
        Invoke-GeoJob noop -tasks 1 -delay_ms 5000 -TaskTimeout 0.5 -label $Label -WarningAction SilentlyContinue
    }
}

AfterAll {
    Remove-Item -Recurse -Force $folder -ErrorAction Ignore
}

Describe 'Invoke-GeoJob and Submit-GeoJob on a job that already existed' {
    It 'Invoke-GeoJob on a job that had failed warns, names Restart-GeoJob with the timeout asked for, and runs nothing' {
        $failed = Invoke-FailingJob 'invoke-again'
        $failed.Status | Should -Be 'failed'
        $attempts = (Get-GeoTask -JobId $failed.JobId).Attempts

        $verbose = $again = $null
        $again = Invoke-GeoJob noop -tasks 1 -delay_ms 5000 -TaskTimeout 30 -label 'invoke-again' -WarningVariable warned -WarningAction SilentlyContinue -Verbose 4>&1 |
            Tee-Object -Variable all | Where-Object { $_ -is [GeoOrchestration.PowerShell.Output.GeoJob] }
        $verbose = @($all | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] })

        $again.JobId | Should -Be $failed.JobId
        $again.IsNew | Should -BeFalse
        $again.Status | Should -Be 'failed'
        $warned.Count | Should -Be 1
        $short = $failed.JobId.Substring(0, 16)
        "$($warned[0])" | Should -BeLike "Job $short already existed and ended failed at $($failed.Completed.ToString('yyyy-MM-dd HH:mm:ss'))*not a new run*"
        "$($warned[0])" | Should -BeLike '*task_timeout stays 500 ms (requested 30 s)*'
        "$($warned[0])" | Should -BeLike "*Restart-GeoJob $short -TaskTimeout 30."
        ($verbose.Message -join "`n") | Should -BeLike "*Job $($failed.JobId) (noop) is the job of these parameters and run key*its error: Task *"
        # Nothing ran it: the task keeps its attempt, and the job its end.
        (Get-GeoTask -JobId $failed.JobId).Attempts | Should -Be $attempts
        (Get-GeoJob $failed.JobId).Completed | Should -Be $failed.Completed
    }

    It 'Submit-GeoJob warns about a job that is still queued, and not about a new one' {
        $first = Submit-GeoJob hello_world -count 7 -WarningVariable quiet
        $quiet | Should -BeNullOrEmpty
        $again = Submit-GeoJob hello_world -count 7 -WarningVariable warned -WarningAction SilentlyContinue
        $again.IsNew | Should -BeFalse
        "$($warned[0])" | Should -BeLike "Job $($first.JobId.Substring(0, 16)) already existed and is queued (stage 1 of 3, submitted at *): this is that job, not a new one."
        "$($warned[0])" | Should -Not -BeLike '*Restart-GeoJob*'
        Stop-GeoJob $first.JobId -Confirm:$false
    }

    It 'Submit-GeoJob -Wait on a job that had failed outputs it as it ended with the warning' {
        $failed = Invoke-FailingJob 'submit-wait-again'
        $again = Submit-GeoJob noop -tasks 1 -delay_ms 5000 -TaskTimeout 0.5 -label 'submit-wait-again' -Wait -Timeout 5 -WarningVariable warned -WarningAction SilentlyContinue
        $again.Status | Should -Be 'failed'
        "$($warned[0])" | Should -BeLike "*ended failed at *To run what failed or was cancelled again: Restart-GeoJob $($failed.JobId.Substring(0, 16))."
    }
}

Describe 'Restart-GeoJob with new timeouts' {
    It 'replaces a task timeout set too low, and the job then completes' {
        $failed = Invoke-FailingJob 'restart-timeout'
        $retried = Restart-GeoJob $failed.JobId -TaskTimeout 30 -JobTimeout 600 -Confirm:$false -PassThru
        $retried.Status | Should -Be 'processing'
        $retried.TaskTimeout | Should -Be ([TimeSpan]::FromSeconds(30))
        $retried.JobTimeout | Should -Be ([TimeSpan]::FromMinutes(10))
        # Invoke-GeoJob of the same request is the same, now live, job: it runs it to its end.
        $done = Invoke-GeoJob noop -tasks 1 -delay_ms 5000 -TaskTimeout 0.5 -label 'restart-timeout' -WarningVariable warned -WarningAction SilentlyContinue
        $done.Status | Should -Be 'completed'
        "$($warned[0])" | Should -BeLike '*already existed and is processing*'
    }

    It 'refuses a timeout out of range as Submit-GeoJob does, naming it, and changes nothing' -TestCases @(
        @{ Splat = @{ TaskTimeout = 0 }; Field = 'task_timeout' }
        @{ Splat = @{ TaskTimeout = -5 }; Field = 'task_timeout' }
        @{ Splat = @{ JobTimeout = 0 }; Field = 'job_timeout' }
        @{ Splat = @{ JobTimeout = 1e12 }; Field = 'job_timeout' }
    ) {
        param($Splat, $Field)
        $failed = Invoke-FailingJob "restart-bad-$Field-$($Splat.Values[0])"
        Restart-GeoJob $failed.JobId @Splat -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable refused
        $refused.Count | Should -Be 1
        $refused[0].FullyQualifiedErrorId | Should -Be 'GeoValidation,GeoOrchestration.PowerShell.Commands.RestartGeoJobCommand'
        $refused[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $refused[0].Exception.Message | Should -BeLike "'$Field' must be more than 0 seconds and at most 365 days*"
        # The same rule and words as Submit-GeoJob's.
        Submit-GeoJob noop -label 'never' @Splat -ErrorAction SilentlyContinue -ErrorVariable submitRefused
        $submitRefused[0].Exception.Message | Should -Be $refused[0].Exception.Message
        (Get-GeoJob $failed.JobId).Status | Should -Be 'failed'
        (Get-GeoJob $failed.JobId).TaskTimeout | Should -Be ([TimeSpan]::FromMilliseconds(500))
    }

    It 'refuses a timeout that is not a number at binding' {
        { Restart-GeoJob 0123456789abcdef -TaskTimeout 'soon' -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'CannotConvertArgumentNoMessage,GeoOrchestration.PowerShell.Commands.RestartGeoJobCommand' -ExpectedMessage "*'TaskTimeout'*" 
    }
}
