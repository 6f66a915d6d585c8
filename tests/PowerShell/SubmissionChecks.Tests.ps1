# Submit-GeoJob (with and without -WhatIf) and Invoke-GeoJob check a submission once
# (GeoClient.PrepareSubmission): a raster submission asks GDAL what its COG driver supports once per
# command, not once per step of the command. Counted from outside with strace(1) around a child pwsh:
# the creation_options requests the module writes to its GDAL hosts' stdin (one JSON line, one
# write(2) each), between markers the script prints after each command.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1')
}

Describe 'Submission checks' {
    It 'asks GDAL once for -WhatIf, once for Submit-GeoJob and once for Invoke-GeoJob' -Skip:$IsWindows {
        $in = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'in')
        $trace = Join-Path $TestDrive 'trace.txt'
        & gdal_create -q -of GTiff -outsize 16 16 -ot Byte -burn 1 -a_srs EPSG:32633 -a_ullr 500000 5000000 500160 4999840 (Join-Path $in 'one.tif')
        $LASTEXITCODE | Should -Be 0
        $script = Join-Path $TestDrive 'checks.ps1'
        @"
`$ErrorActionPreference = 'Stop'
Import-Module '$(Get-ModuleManifestPath)'
Connect-GeoOrchestration -Path '$(Join-Path $TestDrive 'geo.db')' | Out-Null
`$parameters = @{ source = '$in'; destination = '$(Join-Path $TestDrive 'out')' }
Submit-GeoJob raster_to_cog `$parameters -WhatIf | Out-Null
'marker-whatif'
`$job = Submit-GeoJob raster_to_cog `$parameters
'marker-submit'
Stop-GeoJob `$job.JobId -Confirm:`$false | Out-Null
'marker-stopped'
# Ended, so Invoke-GeoJob starts no worker: every question it asks GDAL is its submission's.
Invoke-GeoJob raster_to_cog `$parameters -WarningAction SilentlyContinue | Out-Null
'marker-invoke'
"@ | Set-Content -LiteralPath $script
        $strace = [System.Diagnostics.ProcessStartInfo]::new('strace')
        foreach ($argument in @('-f', '--seccomp-bpf', '-e', 'trace=write', '-s', '256', '-o', $trace) + @(Get-PwshCommand) + @('-NoProfile', '-NonInteractive', '-File', $script)) {
            $strace.ArgumentList.Add($argument)
        }
        $strace.RedirectStandardOutput = $true
        $strace.RedirectStandardError = $true
        $strace.WorkingDirectory = [IO.Path]::GetTempPath()
        $strace.Environment['GEO_CONNECTION'] = $null
        $process = [System.Diagnostics.Process]::Start($strace)
        $output = $process.StandardOutput.ReadToEnd() + $process.StandardError.ReadToEnd()
        $process.WaitForExit()
        $process.ExitCode | Should -Be 0 -Because $output

        # Questions per command: creation_options requests between one marker and the next.
        $counts = [ordered]@{}
        $current = 'whatif'
        $counts[$current] = 0
        foreach ($line in Get-Content -LiteralPath $trace) {
            if ($line -match 'marker-(\w+)') { $current = "after-$($Matches[1])"; $counts[$current] = 0 }
            elseif ($line.Contains('\"op\":\"creation_options\"')) { $counts[$current]++ }
        }
        "$($counts.GetEnumerator() | ForEach-Object { "$($_.Key)=$($_.Value)" })" |
            Should -Be 'whatif=1 after-whatif=1 after-submit=0 after-stopped=1 after-invoke=0'
    }
}
