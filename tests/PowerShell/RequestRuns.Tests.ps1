# Issue 17, part 1: running the same request again. A resubmission that returns an existing job says
# so (a warning naming the job, its state and when it ended, naming -Force; -Verbose details), -Force
# starts a new run of the same request (a job of its own, recorded as run N of the request, listed
# with its siblings by Get-GeoJob -RequestId), and Remove-GeoJob deletes an ended job (ShouldProcess,
# high impact) and refuses a live one. On an embedded store of the file's own, with real GDAL.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1')
    Import-Module (Get-ModuleManifestPath) -Force
    $script:folder = Join-Path ([IO.Path]::GetTempPath()) "geoorch-runs-$([guid]::NewGuid().ToString('N'))"
    Connect-GeoOrchestration -Path (Join-Path $folder 'runs.db') | Out-Null

    function New-TestRaster([string] $Path, [int] $Burn) {
        # A 64x64 georeferenced GeoTIFF made by GDAL itself: nothing is downloaded.
        & gdal_create -q -of GTiff -outsize 64 64 -bands 1 -ot Byte -burn $Burn -a_srs EPSG:4326 -a_ullr 5 52 6 51 $Path
        if ($LASTEXITCODE) { throw "gdal_create failed ($LASTEXITCODE) for $Path" }
    }
}

AfterAll {
    Remove-Item -Recurse -Force $folder -ErrorAction Ignore
}

Describe 'Running the same request again' {
    It 'raster_to_cog again after a file was added: warns, converts nothing; -Force converts the new file in a new run' {
        $source = Join-Path $folder 'scenes'; $destination = Join-Path $folder 'cogs'
        New-Item -ItemType Directory -Path $source | Out-Null
        New-TestRaster (Join-Path $source 'a.tif') 10
        $request = @{ source = $source; destination = $destination }
        $first = Invoke-GeoJob raster_to_cog $request -WarningVariable quiet
        $first.Status | Should -Be 'completed'
        $quiet | Should -BeNullOrEmpty
        $converted = @(Get-ChildItem $destination -Recurse -Filter '*.tif').Name
        New-TestRaster (Join-Path $source 'b.tif') 20

        $verbose = @(Invoke-GeoJob raster_to_cog $request -WarningVariable warned -WarningAction SilentlyContinue -Verbose 4>&1 |
            Tee-Object -Variable all | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] })
        $again = $all | Where-Object { $_ -is [GeoOrchestration.PowerShell.Output.GeoJob] }

        $again.JobId | Should -Be $first.JobId
        $again.IsNew | Should -BeFalse
        $warned.Count | Should -Be 1
        "$($warned[0])" | Should -Be ("Job $($first.ShortId) already existed and ended completed at $($first.Completed.ToString('yyyy-MM-dd HH:mm:ss')): " +
            'this is that job as it ended, not a new run (-Force starts a new run of the same request).')
        ($verbose.Message -join "`n") | Should -BeLike "*run 1 of request $($first.JobId), its latest*created *"
        @(Get-ChildItem $destination -Recurse -Filter '*.tif').Name | Should -Be $converted

        $forced = Invoke-GeoJob raster_to_cog $request -Force -WarningVariable forcedWarnings

        $forcedWarnings | Should -BeNullOrEmpty
        $forced.IsNew | Should -BeTrue
        $forced.Status | Should -Be 'completed'
        ($forced.Run, $forced.RequestId) | Should -Be @(2, $first.JobId)
        $forced.JobId | Should -Not -Be $first.JobId
        @(Get-ChildItem $destination -Recurse -Filter '*.tif').Count | Should -Be ($converted.Count + 1)
        @(Get-ChildItem $destination -Recurse -Filter 'b*.tif').Count | Should -Be 1
    }

    It 'Invoke-GeoJob -Force of hello_world runs again; Get-GeoJob -RequestId lists the runs together, newest first' {
        $first = Invoke-GeoJob hello_world -count 2
        $second = Invoke-GeoJob hello_world -count 2 -Force
        $plain = Submit-GeoJob hello_world -count 2 -WarningVariable warned -WarningAction SilentlyContinue

        $second.Status | Should -Be 'completed'
        $second.Run | Should -Be 2
        $plain.JobId | Should -Be $second.JobId  # a plain resubmission returns the latest run
        "$($warned[0])" | Should -BeLike "Job $($second.ShortId) (run 2 of its request) already existed and ended completed at *"
        $runs = @(Get-GeoJob -RequestId $second.JobId.Substring(0, 10))
        $runs.JobId | Should -Be @($second.JobId, $first.JobId)
        $runs.Run | Should -Be @(2, 1)
        $runs.RequestId | Sort-Object -Unique | Should -Be $first.JobId
        @(Get-GeoTask -JobId $second.JobId | Where-Object Status -eq 'completed').Count | Should -BeGreaterThan 0
    }

    It '-Force while the latest run is still queued is a conflict naming it, and creates nothing' {
        $queued = Submit-GeoJob hello_world -count 3
        $before = @(Get-GeoJob -RequestId $queued.JobId).Count

        Submit-GeoJob hello_world -count 3 -Force -ErrorVariable failed -ErrorAction SilentlyContinue | Should -BeNullOrEmpty

        $failed[0].FullyQualifiedErrorId | Should -Be 'GeoConflict,GeoOrchestration.PowerShell.Commands.SubmitGeoJobCommand'
        $failed[0].CategoryInfo.Reason | Should -Be 'JobStatusConflict'
        "$($failed[0])" | Should -BeLike "Job $($queued.ShortId) was not run again: run 1 of this request is still queued*"
        @(Get-GeoJob -RequestId $queued.JobId).Count | Should -Be $before
        Stop-GeoJob $queued.JobId -Confirm:$false
    }
}

Describe 'Remove-GeoJob' {
    It '-WhatIf removes nothing; -Confirm:$false removes the job with its tasks; ids come from strings and objects' {
        $one = Invoke-GeoJob hello_world -count 4
        $two = Invoke-GeoJob hello_world -count 5

        Remove-GeoJob $one.JobId -WhatIf
        (Get-GeoJob $one.JobId).Status | Should -Be 'completed'

        $one.JobId.Substring(0, 12) | Remove-GeoJob -Confirm:$false
        $two | Remove-GeoJob -Confirm:$false -PassThru | ForEach-Object JobId | Should -Be $two.JobId

        foreach ($job in $one, $two) {
            Get-GeoJob $job.JobId -ErrorVariable missing -ErrorAction SilentlyContinue
            $missing[0].FullyQualifiedErrorId | Should -Be 'GeoNotFound,GeoOrchestration.PowerShell.Commands.GetGeoJobCommand'
        }
    }

    It 'refuses a live job with a conflict naming it and its state, and deletes nothing' {
        $queued = Submit-GeoJob hello_world -count 6

        Remove-GeoJob $queued.JobId -Confirm:$false -ErrorVariable failed -ErrorAction SilentlyContinue

        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -Be 'GeoConflict,GeoOrchestration.PowerShell.Commands.RemoveGeoJobCommand'
        $failed[0].CategoryInfo.Reason | Should -Be 'JobStatusConflict'
        "$($failed[0])" | Should -BeLike "Job $($queued.JobId) is queued; it can be removed only once it has ended*Nothing was removed."
        (Get-GeoJob $queued.JobId).Status | Should -Be 'queued'
        Stop-GeoJob $queued.JobId -Confirm:$false
        Remove-GeoJob $queued.JobId -Confirm:$false
        Get-GeoJob -RequestId $queued.JobId -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'passes over live jobs from the pipeline with a verbose line, and removes the ended ones' {
        $ended = Invoke-GeoJob hello_world -count 9
        $live = Submit-GeoJob hello_world -count 10

        $records = @($ended.JobId, $live.JobId | Remove-GeoJob -Confirm:$false -Verbose -ErrorVariable failed 4>&1)

        $failed | Should -BeNullOrEmpty -Because 'a live job in a pipeline is skipped, as Get-Job | Stop-Job passes over ended jobs'
        ($records.Message -join "`n") | Should -BeLike "*Job $($live.JobId.Substring(0, 16)) is queued: skipped (it can be removed only once it has ended)*"
        (Get-GeoJob $live.JobId).Status | Should -Be 'queued'
        Get-GeoJob $ended.JobId -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'asks by default (ConfirmImpact High): under -NonInteractive the prompt cannot be shown and nothing is removed' {
        $job = Invoke-GeoJob hello_world -count 8
        $store = Join-Path $folder 'runs.db'
        $script = "Import-Module '$(Get-ModuleManifestPath)'; Connect-GeoOrchestration -Path '$store' | Out-Null; Remove-GeoJob $($job.JobId) -ErrorAction Stop"

        $child = Invoke-ChildPwsh -Script $script

        $child.ExitCode | Should -Not -Be 0
        (Get-GeoJob $job.JobId).Status | Should -Be 'completed'
    }
}
