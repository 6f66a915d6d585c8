# Submit-GeoJob (with and without -WhatIf) and Invoke-GeoJob check a submission once
# (GeoClient.PrepareSubmission): a raster submission asks GDAL what its COG driver supports once per
# command, not once per step of the command. Counted in a child pwsh whose PATH starts with a
# gdalinfo that notes each --format question and hands it to the real one.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1')
}

Describe 'Submission checks' {
    It 'asks GDAL once for -WhatIf, once for Submit-GeoJob and once for Invoke-GeoJob' -Skip:$IsWindows {
        $bin = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'bin')
        $in = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'in')
        $probes = Join-Path $TestDrive 'probes.txt'
        $gdalinfo = (Get-Command gdalinfo -CommandType Application | Select-Object -First 1).Source
        $wrapper = Join-Path $bin 'gdalinfo'
        Set-Content -LiteralPath $wrapper -Value "#!/bin/sh`nif [ `"`$1`" = `"--format`" ]; then echo `"`$*`" >> '$probes'; fi`nexec '$gdalinfo' `"`$@`""
        chmod +x $wrapper
        & gdal_create -q -of GTiff -outsize 16 16 -ot Byte -burn 1 -a_srs EPSG:32633 -a_ullr 500000 5000000 500160 4999840 (Join-Path $in 'one.tif')
        $LASTEXITCODE | Should -Be 0
        $script = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$(Get-ModuleManifestPath)'
Connect-GeoOrchestration -Path '$(Join-Path $TestDrive 'geo.db')' | Out-Null
function Get-ProbeCount { if (Test-Path '$probes') { @(Get-Content '$probes').Count } else { 0 } }
`$parameters = @{ source = '$in'; destination = '$(Join-Path $TestDrive 'out')' }
Submit-GeoJob raster_to_cog `$parameters -WhatIf | Out-Null
'whatif: ' + (Get-ProbeCount)
`$job = Submit-GeoJob raster_to_cog `$parameters
'submit: ' + (Get-ProbeCount)
Stop-GeoJob `$job.JobId -Confirm:`$false | Out-Null
# Ended, so Invoke-GeoJob starts no worker: every question it asks GDAL is its submission's.
`$before = Get-ProbeCount
Invoke-GeoJob raster_to_cog `$parameters -WarningAction SilentlyContinue | Out-Null
'invoke: ' + ((Get-ProbeCount) - `$before)
"@
        $result = Invoke-ChildPwsh -Script $script -Environment @{ PATH = "$bin$([IO.Path]::PathSeparator)$env:PATH"; GEO_CONNECTION = $null }
        $result.ExitCode | Should -Be 0 -Because $result.Output
        $result.Output | Should -Match 'whatif: 1\b'
        $result.Output | Should -Match 'submit: 2\b'
        $result.Output | Should -Match 'invoke: 1\b'
    }
}
