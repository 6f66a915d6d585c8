# Issue 23, part 1: retention. Get-GeoRetention shows the stored policy (documented defaults),
# Set-GeoRetention changes it (TimeSpan, '30d', 'forever'; ShouldProcess; bad input refused naming the
# parameter, nothing written), and Remove-GeoJob -OlderThan -Status removes ended jobs by age and status
# (-WhatIf counts what would go and removes nothing; a live status is refused naming -Status). Each test
# on an embedded store of its own, with real workers (Invoke-GeoJob) and a real child pwsh for -WhatIf.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1')
    Import-Module (Get-ModuleManifestPath) -Force
    $script:folder = Join-Path ([IO.Path]::GetTempPath()) "geoorch-retention-$([guid]::NewGuid().ToString('N'))"
    New-Item -ItemType Directory -Path $folder | Out-Null
}

AfterAll {
    Disconnect-GeoOrchestration -ErrorAction Ignore
    Remove-Item -Recurse -Force $folder -ErrorAction Ignore
}

Describe 'Get-GeoRetention and Set-GeoRetention' {
    BeforeEach {
        $script:db = Join-Path $folder "$([guid]::NewGuid().ToString('N')).db"
        Connect-GeoOrchestration -Path $db | Out-Null
    }

    It 'shows the documented defaults: completed and cancelled 7 days, failed and completed_with_errors 30' {
        $policy = @(Get-GeoRetention)

        $policy.Status | Should -Be @('completed', 'completed_with_errors', 'failed', 'cancelled')
        $policy.KeepFor.TotalDays | Should -Be @(7, 30, 30, 7)
        $policy.Forever | Should -Be @($false, $false, $false, $false)
        ($policy | Format-Table | Out-String) | Should -Match 'completed_with_errors\s+30 d'
    }

    It 'takes a TimeSpan, geoorch''s 30d form and forever; -WhatIf changes nothing' {
        Set-GeoRetention -Failed forever -Completed (New-TimeSpan -Hours 36) -WhatIf
        (Get-GeoRetention | Where-Object Status -eq 'failed').KeepFor.TotalDays | Should -Be 30

        $after = @(Set-GeoRetention -Failed forever -Completed (New-TimeSpan -Hours 36) -Cancelled 2d -PassThru -Confirm:$false)

        ($after | Where-Object Status -eq 'failed').Forever | Should -BeTrue
        ($after | Where-Object Status -eq 'completed').KeepFor | Should -Be (New-TimeSpan -Hours 36)
        # Unquoted, PowerShell reads 2d as the decimal 2: days all the same.
        ($after | Where-Object Status -eq 'cancelled').KeepFor.TotalDays | Should -Be 2
        (Set-GeoRetention -Cancelled '12h' -Confirm:$false -PassThru | Where-Object Status -eq 'cancelled').KeepFor.TotalHours | Should -Be 12
        ($after | Where-Object Status -eq 'completed_with_errors').KeepFor.TotalDays | Should -Be 30
        (Get-GeoRetention | Format-Table | Out-String) | Should -Match 'failed\s+forever'
        (Get-GeoRetention | Format-Table | Out-String) | Should -Match 'completed\s+1 d 12 h'
    }

    It 'refuses a negative duration naming the parameter, an unreadable one, and none at all; writes nothing' {
        $before = Get-GeoRetention | Out-String

        # The record from -PassThru, not $Error[0]: in the whole Pester run $Error held nothing here (CI run 24).
        $negative = { Set-GeoRetention -Failed '-1d' -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'GeoValidation,GeoOrchestration.PowerShell.Commands.SetGeoRetentionCommand' -PassThru
        $negative.Exception.Message | Should -BeLike '*-Failed must be 0 or more*'
        $negative.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $negative.CategoryInfo.Reason | Should -Be 'InvalidInput'
        { Set-GeoRetention -Failed 'soon' -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'ParameterArgumentTransformationError,GeoOrchestration.PowerShell.Commands.SetGeoRetentionCommand'
        { Set-GeoRetention -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'GeoValidation,GeoOrchestration.PowerShell.Commands.SetGeoRetentionCommand'
        Get-GeoRetention | Out-String | Should -Be $before
    }
}

Describe 'Remove-GeoJob -OlderThan -Status' {
    BeforeEach {
        $script:db = Join-Path $folder "$([guid]::NewGuid().ToString('N')).db"
        Connect-GeoOrchestration -Path $db | Out-Null
    }

    It 'refuses a live status naming -Status, and a negative age naming -OlderThan; removes nothing' {
        $job = Invoke-GeoJob hello_world -count 2

        $live = { Remove-GeoJob -Status completed, processing -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'GeoValidation,GeoOrchestration.PowerShell.Commands.RemoveGeoJobCommand' -PassThru
        $live.Exception.Message | Should -BeLike "*-Status 'processing' is not an ended status*"
        $live.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $negative = { Remove-GeoJob -OlderThan '-1d' -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'GeoValidation,GeoOrchestration.PowerShell.Commands.RemoveGeoJobCommand' -PassThru
        $negative.Exception.Message | Should -BeLike '*-OlderThan must be 0 or more*'

        (Get-GeoJob $job.JobId).Status | Should -Be 'completed'
    }

    It '-WhatIf counts the jobs and tasks that would go and removes nothing; then it removes just those' {
        $completed = Invoke-GeoJob hello_world -count 3
        $tasks = @(Get-GeoTask -JobId $completed.JobId).Count
        $cancelled = Submit-GeoJob hello_world -count 4
        Stop-GeoJob $cancelled.JobId -Confirm:$false

        # A real second pwsh: -WhatIf writes to its host, and so to its output here.
        $whatIf = Invoke-ChildPwsh -Script @"
Import-Module '$(Get-ModuleManifestPath)'
Remove-GeoJob -OlderThan 0 -Status completed -WhatIf -Connection 'sqlite:$db'
"@
        $whatIf.ExitCode | Should -Be 0 -Because $whatIf.Output
        $whatIf.Output | Should -BeLike "*What if:*1 ended job(s) with $tasks task(s) (completed older than 0 s)*"
        (Get-GeoJob $completed.JobId).Status | Should -Be 'completed'
        @(Get-GeoTask -JobId $completed.JobId).Count | Should -Be $tasks

        $young = Remove-GeoJob -OlderThan 30d -Confirm:$false -PassThru
        $removed = Remove-GeoJob -OlderThan 0 -Status completed -Confirm:$false -PassThru

        ($young.Jobs, $young.Tasks) | Should -Be @(0, 0)
        ($removed.Jobs, $removed.Tasks) | Should -Be @(1, $tasks)
        { Get-GeoJob $completed.JobId -ErrorAction Stop } | Should -Throw -ErrorId 'GeoNotFound,GeoOrchestration.PowerShell.Commands.GetGeoJobCommand'
        (Get-GeoJob $cancelled.JobId).Status | Should -Be 'cancelled'
        ($removed | Format-Table | Out-String) | Should -Match "\s1\s+$tasks\s"
    }

    It 'without -Status takes every ended status; a job named by id is still removed as before' {
        $one = Invoke-GeoJob hello_world -count 2
        $two = Invoke-GeoJob hello_world -count 5
        $live = Submit-GeoJob hello_world -count 6

        Remove-GeoJob $one.JobId -Confirm:$false
        $removed = Remove-GeoJob -OlderThan 0 -Confirm:$false -PassThru

        $removed.Jobs | Should -Be 1
        @(Get-GeoJob).JobId | Should -Be @($live.JobId)
        Stop-GeoJob $live.JobId -Confirm:$false
    }

    It 'Get-GeoJob shows RemovingAt of a job retention began removing, and none of the others' {
        $removing = Invoke-GeoJob hello_world -count 2
        $kept = Invoke-GeoJob hello_world -count 3
        # A real second client marks the job as a prune's first batch does (the store's CAS sets removing_at, epoch ms).
        sqlite3 $db "UPDATE jobs SET removing_at = completed_at + 60000 WHERE job_id = '$($removing.JobId)'"

        $job = Get-GeoJob $removing.JobId

        $job.RemovingAt | Should -Be $job.Completed.AddMinutes(1)
        (Get-GeoJob $kept.JobId).RemovingAt | Should -BeNullOrEmpty
        ($job | Format-List | Out-String -Width 200) | Should -Match 'RemovingAt\s+:\s+\S'
        (Get-GeoJob $kept.JobId | Format-List | Out-String -Width 200) | Should -Not -Match 'RemovingAt'
    }
}
