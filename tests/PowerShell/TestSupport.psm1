# Shared by the Pester suites: the built module, a real PostgreSQL, fresh schemas, child pwsh processes.
$ErrorActionPreference = 'Stop'
$script:Root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$script:Cluster = $null

function Get-ModuleManifestPath {
    # The module as the build laid it out: what users import.
    $path = Join-Path $script:Root 'out/GeoOrchestration/GeoOrchestration.psd1'
    if (-not (Test-Path $path)) { throw "The module is not built: run 'dotnet build GeoOrchestration.sln' first ($path is missing)." }
    $path
}

function Get-RepositoryRoot { $script:Root }

function Get-TestPostgres {
    # The connection string of the PostgreSQL the suites use: GEO_TEST_PG when set, otherwise a
    # throwaway cluster started once per process from the installed server binaries (as the
    # postgres user when run as root) and removed when the process exits. Never skips: without
    # PostgreSQL it fails, saying what to install.
    # The suites stay on the binaries (no Testcontainers path here, unlike the xunit fixture in
    # tests/GeoOrchestration.IntegrationTests/Infrastructure/PostgresServer.cs): one cluster per
    # Pester run, started in a second; CI always has the binaries.
    if ($env:GEO_TEST_PG) { return $env:GEO_TEST_PG }
    $bin = Get-ChildItem '/usr/lib/postgresql/*/bin/initdb' -ErrorAction Ignore | Sort-Object { [version]($_.Directory.Parent.Name + '.0') } | Select-Object -Last 1
    if (-not $bin) { throw 'PostgreSQL server binaries were not found under /usr/lib/postgresql/*/bin: apt-get install -y postgresql, or set GEO_TEST_PG.' }
    $bin = $bin.DirectoryName
    Remove-AbandonedPostgres $bin
    $directory = Join-Path ([IO.Path]::GetTempPath()) "geoorch-pester-pg-$PID-$([guid]::NewGuid().ToString('N').Substring(0, 8))"
    New-Item -ItemType Directory -Path $directory | Out-Null
    $asRoot = (id -u) -eq '0'
    if ($asRoot) { chown postgres $directory }
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start(); $port = $listener.LocalEndpoint.Port; $listener.Stop()
    $asPostgres = { param($program) if ($asRoot) { & runuser -u postgres -- $program @args } else { & $program @args } }
    & $asPostgres "$bin/initdb" -D "$directory/data" -U postgres -A trust --no-sync -E UTF8 | Out-Null
    if ($LASTEXITCODE) { throw "initdb failed ($LASTEXITCODE)" }
    & $asPostgres "$bin/pg_ctl" -D "$directory/data" -l "$directory/log" -w -t 60 -o "-p $port -k $directory -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start | Out-Null
    if ($LASTEXITCODE) { throw "pg_ctl start failed ($LASTEXITCODE); see $directory/log" }
    $script:Cluster = @{ Bin = $bin; Directory = $directory; AsRoot = $asRoot }
    $env:GEO_TEST_PG = "Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
    $cluster = $script:Cluster
    Register-EngineEvent -SourceIdentifier PowerShell.Exiting -Action { Stop-TestPostgresCluster $cluster }.GetNewClosure() | Out-Null
    $env:GEO_TEST_PG
}

function Stop-TestPostgres {
    # Stops the cluster this process started (if any); GEO_TEST_PG given from outside is left alone.
    if ($script:Cluster) {
        Stop-TestPostgresCluster $script:Cluster
        $script:Cluster = $null
        Remove-Item Env:GEO_TEST_PG
    }
}

function Remove-AbandonedPostgres([string] $bin) {
    # Clusters whose pwsh died or exited without its clean-up (PowerShell.Exiting does not fire for
    # every way a process ends): stop them and delete their folders, so runs do not pile them up.
    foreach ($directory in Get-ChildItem ([IO.Path]::GetTempPath()) -Directory -Filter 'geoorch-pester-pg-*') {
        $owner = [int]($directory.Name -split '-')[3]
        if (Get-Process -Id $owner -ErrorAction Ignore) { continue }
        Stop-TestPostgresCluster @{ Bin = $bin; Directory = $directory.FullName; AsRoot = (id -u) -eq '0' }
    }
}

function Stop-TestPostgresCluster($cluster) {
    if ($cluster.AsRoot) { runuser -u postgres -- "$($cluster.Bin)/pg_ctl" -D "$($cluster.Directory)/data" -m immediate stop *> $null }
    else { & "$($cluster.Bin)/pg_ctl" -D "$($cluster.Directory)/data" -m immediate stop *> $null }
    Remove-Item -Recurse -Force $cluster.Directory -ErrorAction Ignore
}

function New-TestSchema {
    # A schema of its own per suite: suites and runs never see each other's jobs.
    param([string] $Prefix = 'pester')
    "$($Prefix)_$([guid]::NewGuid().ToString('N').Substring(0, 10))"
}

function Get-PwshCommand {
    # How to start another pwsh like this one: the apphost, or dotnet with pwsh.dll (the .NET tool).
    if ([IO.Path]::GetFileNameWithoutExtension([Environment]::ProcessPath) -eq 'dotnet') { @([Environment]::ProcessPath, (Join-Path $PSHOME 'pwsh.dll')) }
    else { @([Environment]::ProcessPath) }
}

function Invoke-ChildPwsh {
    # Runs a script in a fresh pwsh process and returns its output lines and exit code.
    param([Parameter(Mandatory)] [string] $Script, [hashtable] $Environment = @{})
    $file = Join-Path ([IO.Path]::GetTempPath()) "geoorch-pester-$([guid]::NewGuid().ToString('N')).ps1"
    Set-Content -LiteralPath $file -Value $Script
    $process = Start-ChildPwsh -File $file -Environment $Environment
    $output = $process.StandardOutput.ReadToEnd() + $process.StandardError.ReadToEnd()
    $process.WaitForExit()
    Remove-Item $file -ErrorAction Ignore
    [pscustomobject]@{ Output = $output; ExitCode = $process.ExitCode }
}

function Start-ChildPwsh {
    # Starts pwsh on a script file without waiting; the caller reads and waits.
    param([Parameter(Mandatory)] [string] $File, [hashtable] $Environment = @{})
    $command = Get-PwshCommand
    $info = [System.Diagnostics.ProcessStartInfo]::new($command[0])
    foreach ($argument in @($command | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-File', $File)) { $info.ArgumentList.Add($argument) }
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardError = $true
    # Not the repository: a tool that writes relative to the current directory must not write there.
    $info.WorkingDirectory = [IO.Path]::GetTempPath()
    foreach ($key in $Environment.Keys) { $info.Environment[$key] = $Environment[$key] }
    [System.Diagnostics.Process]::Start($info)
}


function New-WorkerScript {
    # A script that runs Start-GeoWorker in a child pwsh on the session's test store and schema.
    param([Parameter(Mandatory)] [string] $Schema, [double] $ExitWhenIdle = 5, [double] $ShutdownGrace = 30)
    $file = Join-Path ([IO.Path]::GetTempPath()) "geoorch-worker-$([guid]::NewGuid().ToString('N')).ps1"
    @"
Import-Module '$(Get-ModuleManifestPath)'
Connect-GeoOrchestration -ConnectionString '$(Get-TestPostgres)' -Schema '$Schema' | Out-Null
Start-GeoWorker -ExitWhenIdle $ExitWhenIdle -ShutdownGrace $ShutdownGrace -Verbose -InformationAction Continue
"@ | Set-Content -LiteralPath $file
    $file
}

Export-ModuleMember -Function New-WorkerScript, Get-ModuleManifestPath, Get-RepositoryRoot, Get-TestPostgres, Stop-TestPostgres, New-TestSchema, Get-PwshCommand, Invoke-ChildPwsh, Start-ChildPwsh
