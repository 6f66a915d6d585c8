# Runs the PowerShell examples of the cmdlet help (module/help/*.md), of about_GeoOrchestration and
# of README.md for real, each
# in a fresh pwsh with the built module, in a world of its own: a temporary folder as the current
# location, a fresh embedded store (the per-user default, under the folder's XDG_DATA_HOME), small
# GeoTIFFs made with GDAL, a jobs.csv, and `pwsh` on the PATH.
#
# What an example may say about how it is tested, in HTML comments just before its code (hidden in
# rendered markdown; the help generator leaves them out of the help):
#   <!-- test: worker -->        a worker runs beside it (Start-GeoWorker in a thread job of the same pwsh)
#   <!-- test: setup: CODE -->   CODE runs first, in the same session (e.g. makes the job it works on)
#   <!-- test: postgres -->      it runs against the test PostgreSQL (see below) instead of the embedded store
#   <!-- test: skip: REASON -->  it is not run; HelpExamples.Tests.ps1 lists these and keeps them few
# Placeholders the test gives a meaning, in the example's code and setup:
#   /data/...                    the world's data folder: data/scenes (two GeoTIFFs), data/broken (a
#                                .tif GDAL cannot read)
#   a job id (8-64 hex digits)   the id (as long a prefix) of the job the setup left in $job
#   db.internal                  the test PostgreSQL (-Server/Host with its port), database geo, user geo
#   Get-Credential               answers as a user at the prompt would: user geo (or the name given)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1')
$script:Root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$script:HexId = '(?<![\w$-])(?=[0-9a-f]*[a-f])(?=[0-9a-f]*[0-9])[0-9a-f]{8,64}(?![\w-])'
# The password the Get-Credential stand-in answers with, and the test PostgreSQL role geo has.
$script:Password = 'example-password'

function Get-HelpExample {
    # Every example of module/help/*.md and every ```powershell block of README.md, with its directives.
    Import-Module (Join-Path $script:Root 'tools/CmdletHelp.psm1') -Force
    foreach ($file in Get-ChildItem (Join-Path $script:Root 'module/help') -Filter '*.md' | Sort-Object Name) {
        foreach ($example in (Read-HelpMarkdown $file.FullName).Examples) {
            New-Example $file.Name $example.Title $example.Code $example.Directives
        }
    }
    Get-AboutExample
    $directives = @(); $code = $null
    foreach ($text in Get-Content (Join-Path $script:Root 'README.md')) {
        if ($null -ne $code) {
            if ($text -match '^```') {
                # Named by its first command (not a line number, which every README edit moves).
                $first = (($code -split "`n" | Where-Object { $_ -match '\S' -and $_ -notmatch '^\s*#' } | Select-Object -First 1) -replace '\s+#.*$').Trim()
                $example = New-Example 'README.md' $first $code $directives
                $example.Shell = $shell
                $example; $code = $null; $directives = @()
            }
            else { $code += "$text`n" }
        }
        elseif ($text -match '^<!--\s*test:\s*(.*?)\s*-->\s*$') { $directives += $Matches[1] }
        elseif ($text -match '^```(powershell|sh)\s*$') { $code = ''; $shell = $Matches[1] -eq 'sh' }
        elseif ($text -match '^```') { $directives = @() }
    }
}

function Get-AboutExample {
    # The EXAMPLES of about_GeoOrchestration: a title line (4 spaces, ending in ':') and its code
    # (8 spaces). A text file has no room for directives: every one runs with a worker, except the
    # container's entrypoint, which runs until stopped.
    $directives = @{ "A container's entrypoint" = @("skip: runs until the container is stopped; PwshShim.Tests.ps1 stops such a worker with SIGTERM") }
    $inExamples = $false; $title = $null; $code = ''
    foreach ($line in Get-Content (Join-Path $script:Root 'module/en-US/about_GeoOrchestration.help.txt')) {
        if ($line -match '^\S') {
            if ($title) { New-Example 'about_GeoOrchestration' $title $code ($directives[$title] ?? @('worker')) ; $title = $null }
            $inExamples = $line -eq 'EXAMPLES'
        }
        elseif ($inExamples -and $line -match '^ {4}(\S.*?):?\s*(\(.*\))?:?\s*$' -and $line -notmatch '^ {8}') {
            if ($title) { New-Example 'about_GeoOrchestration' $title $code ($directives[$title] ?? @('worker')) }
            $title = $Matches[1].TrimEnd(':'); $code = ''
        }
        elseif ($inExamples -and $line -match '^ {8}(.*)$') { $code += "$($Matches[1])`n" }
    }
}

function New-Example([string] $Source, [string] $Title, [string] $Code, [string[]] $Directives) {
    $skip = $Directives | Where-Object { $_ -match '^skip:' } | ForEach-Object { ($_ -replace '^skip:\s*').Trim() }
    @{
        Source   = $Source
        Title    = $Title
        Code     = $Code
        Setup    = @($Directives | Where-Object { $_ -match '^setup:' } | ForEach-Object { ($_ -replace '^setup:\s*').Trim() }) -join "`n"
        Worker   = $Directives -contains 'worker'
        Postgres = $Directives -contains 'postgres'
        Skip     = $skip
        Shell    = $false
    }
}

function New-ExampleRasters {
    # Two small georeferenced GeoTIFFs, made once per run and copied into each world.
    param([string] $Folder)
    New-Item -ItemType Directory -Force $Folder | Out-Null
    foreach ($raster in @(@{ Name = 'north.tif'; Box = '4', '53', '5', '52' }, @{ Name = 'south.tif'; Box = '4', '52', '5', '51' })) {
        & gdal_create -q -of GTiff -outsize 64 64 -bands 1 -ot Byte -burn 7 -a_srs EPSG:4326 -a_ullr @($raster.Box) (Join-Path $Folder $raster.Name)
        if ($LASTEXITCODE) { throw "gdal_create failed ($LASTEXITCODE): apt-get install -y gdal-bin" }
    }
    # And one in another format (Erdas Imagine), for the examples that pick '*.img'.
    & gdal_translate -q -of HFA (Join-Path $Folder 'south.tif') (Join-Path $Folder 'east.img')
    if ($LASTEXITCODE) { throw "gdal_translate failed ($LASTEXITCODE)" }
}

function New-ExampleWorld {
    param([Parameter(Mandatory)] [string] $Rasters)
    $world = Join-Path ([IO.Path]::GetTempPath()) "geoorch-example-$([guid]::NewGuid().ToString('N').Substring(0, 10))"
    New-Item -ItemType Directory -Path "$world/data/broken", "$world/bin", "$world/xdg-data" | Out-Null
    Copy-Item -Recurse $Rasters "$world/data/scenes"
    Set-Content "$world/data/broken/damaged.tif" 'not a raster: GDAL cannot open this file'
    Set-Content "$world/jobs.csv" "JobType,count`nhello_world,2`nhello_world,4"
    # `pwsh` on the PATH is the pwsh running the tests (the .NET tool has none of its own).
    $pwsh = Get-PwshCommand
    Set-Content "$world/bin/pwsh" "#!/bin/sh`nexec $(($pwsh | ForEach-Object { "'$_'" }) -join ' ') `"`$@`""
    chmod +x "$world/bin/pwsh"
    $world
}

function Initialize-ExamplePostgres {
    # The database geo and the role geo (password as Get-Credential answers) on the test PostgreSQL;
    # returns the host and port. Idempotent: a server given in GEO_TEST_PG may have them already.
    # (A DbConnectionStringBuilder would not do: PowerShell sets its ConnectionString as a key.)
    $builder = @{}
    foreach ($pair in (Get-TestPostgres) -split ';' | Where-Object { $_ }) { $key, $value = $pair -split '=', 2; $builder[$key.Trim()] = $value.Trim() }
    $server = @{ Host = $builder['Host']; Port = if ($builder.ContainsKey('Port')) { $builder['Port'] } else { 5432 } }
    $psql = Get-ChildItem '/usr/lib/postgresql/*/bin/psql' | Select-Object -Last 1
    $env:PGPASSWORD = if ($builder.ContainsKey('Password')) { $builder['Password'] } else { $null }
    $sql = "DO `$`$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'geo') THEN CREATE ROLE geo LOGIN SUPERUSER PASSWORD '$script:Password'; END IF; END `$`$;"
    & $psql -q -h $server.Host -p $server.Port -U $builder['Username'] -d $builder['Database'] -c $sql | Out-Null
    $exists = & $psql -tA -h $server.Host -p $server.Port -U $builder['Username'] -d $builder['Database'] -c "SELECT 1 FROM pg_database WHERE datname = 'geo'"
    if ("$exists".Trim() -ne '1') { & $psql -q -h $server.Host -p $server.Port -U $builder['Username'] -d $builder['Database'] -c 'CREATE DATABASE geo OWNER geo' | Out-Null }
    if ($LASTEXITCODE) { throw "psql failed ($LASTEXITCODE)" }
    $server
}

function ConvertTo-WorldCode {
    # The example's placeholders made concrete (see the top of this file).
    param([string] $Code, [string] $World, $Postgres)
    $Code = $Code.Replace('/data/', "$World/data/")
    if ($Postgres) {
        $Code = $Code -replace '-Server\s+db\.internal', "-Server $($Postgres.Host) -Port $($Postgres.Port)"
        $Code = $Code -replace 'Host=db\.internal', "Host=$($Postgres.Host);Port=$($Postgres.Port)"
    }
    [regex]::Replace($Code, $script:HexId, { param($m) '$($job.JobId.Substring(0, ' + $m.Value.Length + '))' })
}

function Invoke-Example {
    # Runs one example in a fresh pwsh; returns its output (all streams) and exit code. Any error
    # stops it ($ErrorActionPreference Stop, and a native command's non-zero exit is an error too).
    param([Parameter(Mandatory)] $Example, [Parameter(Mandatory)] [string] $Rasters, [double] $TimeoutSeconds = 300)
    $world = New-ExampleWorld -Rasters $Rasters
    $postgres = if ($Example.Postgres) { Initialize-ExamplePostgres }
    $worker = if ($Example.Worker) {
        # As a worker container would: it starts over until the store is ready (a schema the example deploys).
        @'
$exampleWorker = Start-ThreadJob -Name worker -ScriptBlock {
    Import-Module GeoOrchestration
    $last = $null
    while ($true) {
        try { Start-GeoWorker -Concurrency 4 -ErrorAction Stop; break }
        catch {
            # On the process's stderr, which the test shows when the example fails (once per reason).
            if ("$_" -ne $last) { [Console]::Error.WriteLine("example worker: $_ (starting again)") }
            $last = "$_"; Start-Sleep -Milliseconds 500
        }
    }
}
'@
    }
    $script = @"
`$ErrorActionPreference = 'Stop'
`$PSNativeCommandUseErrorActionPreference = `$true
Set-Location -LiteralPath '$world'
function Get-Credential { param([string] `$UserName = 'geo') [pscredential]::new(`$UserName, (ConvertTo-SecureString '$script:Password' -AsPlainText -Force)) }
Import-Module GeoOrchestration
$(ConvertTo-WorldCode $Example.Setup $world $postgres)
$worker
try {
$(ConvertTo-WorldCode $Example.Code $world $postgres)
}
finally {
    if (`$exampleWorker) { Stop-Job `$exampleWorker; Remove-Job -Force `$exampleWorker }
}
"@
    $file = Join-Path $world 'example.ps1'
    Set-Content -LiteralPath $file -Value $script
    $environment = @{
        PSModulePath  = (Join-Path $script:Root 'out') + [IO.Path]::PathSeparator + $env:PSModulePath
        PATH          = "$world/bin" + [IO.Path]::PathSeparator + $env:PATH
        XDG_DATA_HOME = "$world/xdg-data"
        NO_COLOR      = '1'
    }
    if ($postgres) { $environment.GEO_CONNECTION = "Host=$($postgres.Host);Port=$($postgres.Port);Username=geo;Password=$script:Password;Database=geo" }
    try { Invoke-ExampleProcess -File $file -World $world -Environment $environment -TimeoutSeconds $TimeoutSeconds }
    finally { Remove-Item -Recurse -Force $world -ErrorAction Ignore }
}

function Invoke-ShellExample {
    # A README ```sh block, run by bash from the repository's root as README means, `set -e`: each
    # command must succeed. `geoorch` (and `dotnet run --project src/GeoOrchestration.Cli -c Release --`)
    # is the geoorch the build made; tools/local-postgres.sh gets a folder and a free port of its own.
    param([Parameter(Mandatory)] $Example, [Parameter(Mandatory)] [string] $Rasters, [double] $TimeoutSeconds = 300)
    $world = New-ExampleWorld -Rasters $Rasters
    $geoorch = Get-ChildItem (Join-Path $script:Root 'src/GeoOrchestration.Cli/bin/Release/*/geoorch') | Select-Object -First 1
    if (-not $geoorch) { throw 'geoorch is not built: dotnet build GeoOrchestration.sln -c Release' }
    Set-Content "$world/bin/geoorch" "#!/bin/sh`nexec '$($geoorch.FullName)' `"`$@`""
    chmod +x "$world/bin/geoorch"
    $code = (ConvertTo-WorldCode $Example.Code $world $null).Replace('dotnet run --project src/GeoOrchestration.Cli -c Release --', 'geoorch')
    Set-Content "$world/example.sh" "set -euo pipefail`n$code"
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start(); $port = $listener.LocalEndpoint.Port; $listener.Stop()
    $info = [System.Diagnostics.ProcessStartInfo]::new('bash')
    foreach ($a in "$world/example.sh") { $info.ArgumentList.Add($a) }
    $info.RedirectStandardOutput = $true; $info.RedirectStandardError = $true
    $info.WorkingDirectory = $script:Root
    foreach ($name in 'GEO_CONNECTION', 'GEO_SCHEMA') { [void] $info.Environment.Remove($name) }
    $info.Environment['PATH'] = "$world/bin" + [IO.Path]::PathSeparator + $env:PATH
    $info.Environment['XDG_DATA_HOME'] = "$world/xdg-data"
    $info.Environment['NO_COLOR'] = '1'
    $info.Environment['GEO_LOCAL_PG_DIR'] = "$world/pg"
    $info.Environment['GEO_LOCAL_PG_PORT'] = "$port"
    try { Wait-ExampleProcess ([System.Diagnostics.Process]::Start($info)) $TimeoutSeconds }
    finally {
        # A block that failed half-way may have left its PostgreSQL running.
        if (Test-Path "$world/pg") { $env:GEO_LOCAL_PG_DIR = "$world/pg"; bash (Join-Path $script:Root 'tools/local-postgres.sh') stop; Remove-Item Env:GEO_LOCAL_PG_DIR }
        Remove-Item -Recurse -Force $world -ErrorAction Ignore
    }
}

function Invoke-ExampleProcess([string] $File, [string] $World, [hashtable] $Environment, [double] $TimeoutSeconds) {
    $command = Get-PwshCommand
    $info = [System.Diagnostics.ProcessStartInfo]::new($command[0])
    foreach ($argument in @($command | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-File', $File)) { $info.ArgumentList.Add($argument) }
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardError = $true
    $info.WorkingDirectory = $World
    # The example's store is the one it names, else the world's default: none from this process.
    foreach ($name in 'GEO_CONNECTION', 'GEO_SCHEMA') { [void] $info.Environment.Remove($name) }
    foreach ($key in $Environment.Keys) { $info.Environment[$key] = $Environment[$key] }
    Wait-ExampleProcess ([System.Diagnostics.Process]::Start($info)) $TimeoutSeconds
}

function Wait-ExampleProcess([System.Diagnostics.Process] $process, [double] $TimeoutSeconds) {
    $stdout = $process.StandardOutput.ReadToEndAsync()
    $stderr = $process.StandardError.ReadToEndAsync()
    if (-not $process.WaitForExit([int]($TimeoutSeconds * 1000))) {
        $process.Kill($true); $process.WaitForExit()
        return [pscustomobject]@{ ExitCode = -1; Output = "timed out after $TimeoutSeconds s`n$($stdout.Result)$($stderr.Result)" }
    }
    $process.WaitForExit()
    [pscustomobject]@{ ExitCode = $process.ExitCode; Output = $stdout.Result + $stderr.Result }
}

Export-ModuleMember -Function Get-HelpExample, New-ExampleRasters, Invoke-Example, Invoke-ShellExample, ConvertTo-WorldCode
