# Views that fit and one progress (issue 17, parts 4 and 5): the default tables of Get-GeoJob,
# Get-GeoTask and Get-GeoJobType as a user sees them in a real terminal of 80 and 120 columns
# (pwsh under script(1), a pseudo-terminal sized with stty), the task view's error message,
# Format-List with everything, Export-Csv with JSON text, and one job's progress agreeing between
# the list, the single view and geoorch's JSON. On an embedded store of the file's own holding a job
# of each built-in type, one of them with a task GDAL failed.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1')
    Import-Module (Get-ModuleManifestPath) -Force
    $script:folder = Join-Path ([IO.Path]::GetTempPath()) "geoorch-v-$([guid]::NewGuid().ToString('N').Substring(0, 8))"
    $script:store = Join-Path $folder 'views.db'
    Connect-GeoOrchestration -Path $store | Out-Null

    # Two rasters made here with GDAL: one it converts, one it cannot read.
    $source = New-Item -ItemType Directory (Join-Path $folder 'in')
    Set-Content -LiteralPath (Join-Path $folder 'good.vrt') -Value '<VRTDataset rasterXSize="32" rasterYSize="32"><SRS>EPSG:4326</SRS><GeoTransform>5,0.01,0,52,0,-0.01</GeoTransform><VRTRasterBand dataType="Byte" band="1"/></VRTDataset>'
    & gdal_translate -q (Join-Path $folder 'good.vrt') (Join-Path $source 'good.tif')
    if ($LASTEXITCODE) { throw "gdal_translate failed ($LASTEXITCODE)" }
    [IO.File]::WriteAllBytes((Join-Path $source 'broken.tif'), [Text.Encoding]::ASCII.GetBytes("II*`0not a tiff"))

    $script:hello = Invoke-GeoJob hello_world -count 3
    $script:noop = Invoke-GeoJob noop -tasks 12 -stages 2
    $script:cog = Invoke-GeoJob raster_to_cog @{ source = "$source"; destination = (Join-Path $folder 'cogs'); max_failed_files = 1 } -WarningAction SilentlyContinue
    $script:inventory = Invoke-GeoJob raster_inventory @{ source = "$source"; destination = (Join-Path $folder 'catalog') } -WarningAction SilentlyContinue -ErrorAction SilentlyContinue
    if (-not $inventory) { $script:inventory = Get-GeoJob -JobType raster_inventory }

    function Get-Geoorch {
        # The geoorch the build made (the solution build puts it beside its project).
        $found = Get-ChildItem (Join-Path (Get-RepositoryRoot) 'src/GeoOrchestration.Cli/bin/*/net10.0/geoorch.dll') | Sort-Object LastWriteTime | Select-Object -Last 1
        if (-not $found) { throw 'geoorch is not built: run dotnet build GeoOrchestration.sln first.' }
        $found.FullName
    }

    function Invoke-GeoorchJson([string[]] $Arguments) {
        $text = & dotnet (Get-Geoorch) @Arguments --connection "sqlite:$store" --output json
        if ($LASTEXITCODE) { throw "geoorch $Arguments exited $LASTEXITCODE" }
        ($text -join "`n") | ConvertFrom-Json
    }

    function Invoke-InTerminal([int] $Columns, [string] $Script) {
        # What a user sees: pwsh in a pseudo-terminal of the given width (script(1) gives it a pty;
        # stty sets its size, which PowerShell reads as its window width), colours taken off.
        $file = Join-Path $folder "terminal-$([guid]::NewGuid().ToString('N')).ps1"
        Set-Content -LiteralPath $file -Value @"
Import-Module '$(Get-ModuleManifestPath)'
Connect-GeoOrchestration -Path '$store' | Out-Null
"WIDTH `$(`$Host.UI.RawUI.WindowSize.Width)" | Out-Host
$Script
"@
        $pwsh = (Get-PwshCommand | ForEach-Object { "'$_'" }) -join ' '
        $text = & script -qec "stty cols $Columns rows 200; $pwsh -NoProfile -NonInteractive -File '$file'" /dev/null | Out-String
        if ($LASTEXITCODE) { throw "pwsh in a terminal exited $LASTEXITCODE`n$text" }
        $plain = $text -replace '\x1b\[[0-9;?]*[A-Za-z]', '' -replace '\x1b\][^\x07]*\x07', '' -replace '\x1b[=>]', ''
        $lines = $plain -split '\r?\n'
        $lines | Should -Contain "WIDTH $Columns" -Because 'the terminal must have the width the test sets'
        $lines
    }

    function Get-Section([string[]] $Lines, [string] $Name) {
        # The lines between "== Name" and the next "== " marker.
        $start = [array]::IndexOf($Lines, "== $Name")
        $start | Should -BeGreaterThan -1 -Because "the output has a section $Name"
        $Lines[($start + 1)..($Lines.Count - 1)] | ForEach-Object -Begin { $on = $true } -Process { if ($_ -like '== *') { $on = $false }; if ($on) { $_ } }
    }

    $script:builtIn = 'hello_world', 'noop', 'raster_inventory', 'raster_to_cog'
    # Job types only (no blob_inventory job runs here: it needs a container).
    $script:builtInTypes = @('blob_inventory') + $builtIn
}

AfterAll {
    Remove-Item -Recurse -Force $folder -ErrorAction Ignore
}

Describe 'Default views in a real terminal' {
    It 'fit <Columns> columns with every built-in job type, status and parameter name whole, and the task error as its message' -ForEach @(
        @{ Columns = 80 }, @{ Columns = 120 }
    ) {
        $lines = Invoke-InTerminal $Columns @"
'== jobs' | Out-Host
Get-GeoJob | Out-Host
'== tasks' | Out-Host
Get-GeoTask -JobId $($cog.JobId) | Out-Host
'== types' | Out-Host
Get-GeoJobType | Out-Host
'== parameters' | Out-Host
(Get-GeoJobType noop).Parameters | Out-Host
'== end' | Out-Host
"@
        foreach ($line in $lines) { $line.Length | Should -BeLessOrEqual $Columns -Because "no line may be wider than the terminal: '$line'" }

        $jobs = Get-Section $lines 'jobs'
        foreach ($name in $builtIn) { $jobs | Where-Object { $_ -match "^[0-9a-f]{16} $name\s" } | Should -Not -BeNullOrEmpty -Because "$name is shown whole" }
        $jobs -join "`n" | Should -Match 'completed_with_errors'
        $jobs -join "`n" | Should -Not -Match '…'

        $tasks = Get-Section $lines 'tasks'
        $failed = @($tasks | Where-Object { $_ -match '^\s+3 \S+\s+failed\s' })
        $failed.Count | Should -Be 1
        $failed[0] | Should -Match 'GDALTranslate on '
        $failed[0] | Should -Not -Match 'GdalPermanentException'
        if ($Columns -ge 120) { $failed[0] | Should -Match 'broken\.tif' }

        $types = Get-Section $lines 'types'
        foreach ($name in $builtInTypes) { $types | Where-Object { $_ -match "^$name\s" } | Should -Not -BeNullOrEmpty -Because "$name is shown whole" }
        ($types | Where-Object { $_ -match '^raster_to_cog\s' }) | Should -Match 'inventory > … > catalog \(4\)'
        ($types | Where-Object { $_ -match '^raster_to_cog\s' }) | Should -Match 'source\*, destination\*'

        (Get-Section $lines 'parameters') -join "`n" | Should -Match 'transient_failure_rate\s+number'
    }
}

Describe 'geoorch tables in a real terminal' {
    It 'fit <Columns> columns with job types and statuses whole and the task error as its message' -ForEach @(
        @{ Columns = 80 }, @{ Columns = 120 }
    ) {
        $geoorch = "dotnet '$(Get-Geoorch)'"
        $text = & script -qec "stty cols $Columns rows 200; echo '== jobs'; $geoorch job list --connection 'sqlite:$store'; echo '== tasks'; $geoorch job tasks $($cog.JobId) --connection 'sqlite:$store'; echo '== end'" /dev/null | Out-String
        $LASTEXITCODE | Should -Be 0
        $lines = ($text -replace '\x1b\[[0-9;?]*[A-Za-z]', '' -replace '\x1b[=>]', '') -split '\r?\n'
        foreach ($line in $lines) { $line.Length | Should -BeLessOrEqual $Columns -Because "no line may be wider than the terminal: '$line'" }

        $jobs = Get-Section $lines 'jobs'
        foreach ($name in $builtIn) { $jobs | Where-Object { $_ -match "^[0-9a-f]{16}\s+$name\s" } | Should -Not -BeNullOrEmpty -Because "$name is shown whole" }
        ($jobs | Where-Object { $_ -match "^$($cog.JobId.Substring(0, 16))\s" }) | Should -Match 'completed_with_errors\s+4/4\s+1/1 100%'
        $failed = @(Get-Section $lines 'tasks' | Where-Object { $_ -match '-s3-\S+\s+3\s+failed\s' })
        $failed.Count | Should -Be 1
        # The message GDAL's failure begins with (GDALTranslate on PATH …), cut to the column.
        $failed[0] | Should -Match '\sGDALTranslat'
        $failed[0] | Should -Not -Match 'GdalPermanentException'
        if ($Columns -ge 120) { $jobs -join "`n" | Should -Match 'CREATED'; $failed[0] | Should -Match 'broken\.t' }
    }
}

Describe 'The task view and Format-List' {
    It 'shows the first line of the error message in the table and everything in Format-List' {
        $task = Get-GeoTask -JobId $cog.JobId -Status failed
        $task.ErrorMessage | Should -Match 'broken\.tif'

        $row = ($task | Format-Table | Out-String -Width 2000) -split '\r?\n' | Where-Object { $_ -match '\bfailed\b' }
        $row | Should -Match ([regex]::Escape(($task.ErrorMessage -split '\r?\n')[0]))

        $list = $task | Format-List | Out-String -Width 2000
        $list | Should -Match ([regex]::Escape($task.ErrorType))
        $list | Should -Match ([regex]::Escape($task.ErrorMessage))
        $list | Should -Match ([regex]::Escape($task.TaskType))
        $list | Should -Match ([regex]::Escape(($task.Parameters | ConvertTo-Json -Depth 8 -Compress)))
    }
}

Describe 'Export-Csv' {
    It 'writes job parameters and results as JSON text that reads back' {
        $file = Join-Path $folder 'jobs.csv'
        Get-GeoJob | Export-Csv -LiteralPath $file
        $rows = Import-Csv -LiteralPath $file
        $rows.Count | Should -Be 4
        Get-Content -LiteralPath $file -Raw | Should -Not -Match 'OrderedDictionary'
        $row = $rows | Where-Object JobId -EQ $hello.JobId
        ($row.Parameters | ConvertFrom-Json).count | Should -Be 3
        ($row.Result | ConvertFrom-Json -AsHashtable).Keys | Should -Not -BeNullOrEmpty
        $cogRow = $rows | Where-Object JobId -EQ $cog.JobId
        ($cogRow.Parameters | ConvertFrom-Json).max_failed_files | Should -Be 1
    }

    It 'writes task parameters and results as JSON text too' {
        $file = Join-Path $folder 'tasks.csv'
        Get-GeoTask -JobId $hello.JobId | Export-Csv -LiteralPath $file
        Get-Content -LiteralPath $file -Raw | Should -Not -Match 'OrderedDictionary'
        $rows = Import-Csv -LiteralPath $file
        foreach ($row in $rows) {
            { $row.Parameters | ConvertFrom-Json } | Should -Not -Throw
            { $row.Result | ConvertFrom-Json } | Should -Not -Throw
        }
    }
}

Describe 'One job, one progress' {
    It 'Get-GeoJob list and single, and geoorch job list and job get (JSON), agree on <Name>' -ForEach @(
        @{ Name = 'hello_world' }, @{ Name = 'noop' }, @{ Name = 'raster_to_cog' }, @{ Name = 'raster_inventory' }
    ) {
        $listed = Get-GeoJob -JobType $Name
        $single = Get-GeoJob $listed.JobId
        $cliList = (Invoke-GeoorchJson 'job', 'list') | Where-Object jobId -EQ $listed.JobId
        $cliGet = Invoke-GeoorchJson 'job', 'get', $listed.JobId

        $listed.TasksTotal | Should -Not -BeNullOrEmpty -Because 'the list shows task counts (an ended job too)'
        foreach ($other in $single, [pscustomobject]@{ TasksDone = $cliList.tasksDone; TasksTotal = $cliList.tasksTotal; PercentComplete = $cliList.percentComplete },
            [pscustomobject]@{ TasksDone = $cliGet.tasksDone; TasksTotal = $cliGet.tasksTotal; PercentComplete = $cliGet.percentComplete }) {
            "$($other.TasksDone)/$($other.TasksTotal) $($other.PercentComplete)" | Should -Be "$($listed.TasksDone)/$($listed.TasksTotal) $($listed.PercentComplete)"
        }
    }

    It 'a failed job shows where it stopped in every view, not 0% or the stage alone' {
        $listed = Get-GeoJob -JobType raster_inventory
        $listed.Status | Should -Be 'failed'
        $listed.Stage | Should -Be 3
        $listed.TasksTotal | Should -Be 2
        $listed.PercentComplete | Should -Be ([Math]::Round(100 * (2 + $listed.TasksDone / 2) / 4, 1, [MidpointRounding]::AwayFromZero))
        $table = & dotnet (Get-Geoorch) job list --connection "sqlite:$store" | Where-Object { $_ -match '^[0-9a-f]{16}\s+raster_inventory' }
        $table | Should -Match "\s$($listed.TasksDone)/2\s+$([Math]::Round($listed.PercentComplete, [MidpointRounding]::AwayFromZero))%\s"
    }
}
