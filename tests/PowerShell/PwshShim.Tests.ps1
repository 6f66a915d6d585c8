# What README and about_GeoOrchestration say about SIGTERM and how pwsh is started: the signal must
# reach the pwsh process itself. `dotnet pwsh` (the .NET tool, as this repository runs it) starts the
# real pwsh as a child of a shim and does not forward SIGTERM to it; the pwsh executable in the
# tool's folder is the real one. Real processes and real signals (Linux).
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1')
    $script:folder = Join-Path ([IO.Path]::GetTempPath()) "geoorch-shim-$([guid]::NewGuid().ToString('N').Substring(0, 8))"
    New-Item -ItemType Directory $folder | Out-Null
    $script:workerScript = Join-Path $folder 'worker.ps1'
    @"
Import-Module '$(Get-ModuleManifestPath)'
Start-GeoWorker -Verbose -InformationAction Continue
"@ | Set-Content $workerScript

    function Start-Logged([string] $CommandLine, [string] $Log) {
        # sh execs the command, so the process started is the command's own; its output goes to a
        # file, which a process orphaned by a dying shim can still write.
        $info = [System.Diagnostics.ProcessStartInfo]::new('/bin/sh')
        foreach ($a in '-c', "exec $CommandLine > '$Log' 2>&1") { $info.ArgumentList.Add($a) }
        # The repository: `dotnet pwsh` finds the local tool through .config/dotnet-tools.json here.
        $info.WorkingDirectory = Get-RepositoryRoot
        $info.Environment['GEO_CONNECTION'] = "sqlite:$folder/geo.db"
        $info.Environment['NO_COLOR'] = '1'
        [System.Diagnostics.Process]::Start($info)
    }

    function Wait-LogLine([string] $Log, [string] $Pattern, [double] $Seconds = 120) {
        $deadline = [DateTime]::UtcNow.AddSeconds($Seconds)
        while ([DateTime]::UtcNow -lt $deadline) {
            if ((Test-Path $Log) -and ((Get-Content -Raw $Log) -match $Pattern)) { return }
            Start-Sleep -Milliseconds 200
        }
        throw "'$Pattern' did not appear in $Log within $Seconds s: $(Get-Content -Raw $Log -ErrorAction Ignore)"
    }

    function Get-Descendants([int] $ProcessId) {
        # Children by /proc/PID/stat's parent id, recursively.
        $children = foreach ($stat in Get-ChildItem /proc -Directory -ErrorAction Ignore | Where-Object Name -match '^\d+$') {
            $text = Get-Content "/proc/$($stat.Name)/stat" -Raw -ErrorAction Ignore
            if ($text -and [int](($text.Substring($text.LastIndexOf(')') + 2) -split ' ')[1]) -eq $ProcessId) { [int]$stat.Name }
        }
        foreach ($child in $children) { $child; Get-Descendants $child }
    }
}

AfterAll {
    Remove-Item -Recurse -Force $folder -ErrorAction Ignore
}

Describe 'SIGTERM and the pwsh process' {
    It 'does not reach pwsh through the dotnet pwsh shim: the shim exits, pwsh and its worker run on' {
        $log = Join-Path $folder 'shim.log'
        $shim = Start-Logged ("dotnet pwsh -NoProfile -NonInteractive -File '{0}'" -f $workerScript) $log
        try {
            Wait-LogLine $log '(?i)worker.*start'
            $real = @(Get-Descendants $shim.Id | Where-Object { (Get-Content "/proc/$_/cmdline" -Raw -ErrorAction Ignore) -match 'pwsh\.dll' })
            $real.Count | Should -Be 1 -Because 'the shim runs the real pwsh (pwsh.dll) as a child process'
            $before = Get-Content -Raw $log
            kill -TERM $shim.Id
            $shim.WaitForExit(60000) | Should -BeTrue
            $shim.ExitCode | Should -Not -Be 0 -Because 'the shim dies of the signal instead of waiting for pwsh'
            # Time for a forwarded signal to show: a worker logs at once that it is stopping.
            Start-Sleep -Seconds 3
            Get-Process -Id $real[0] -ErrorAction Ignore | Should -Not -BeNullOrEmpty -Because 'pwsh was orphaned, still running'
            Get-Content -Raw $log | Should -Be $before -Because 'the worker never heard of the signal'

            # The same signal sent to the real pwsh stops the worker, which says so.
            kill -TERM $real[0]
            $orphan = Get-Process -Id $real[0] -ErrorAction Ignore
            if ($orphan) { $orphan.WaitForExit(60000) | Should -BeTrue }
            (Get-Content -Raw $log).Length | Should -BeGreaterThan $before.Length -Because 'the worker logs that it stops'
        }
        finally {
            foreach ($id in @(Get-Descendants $shim.Id) + $real) { if ($id) { Stop-Process -Id $id -Force -ErrorAction Ignore } }
            if (-not $shim.HasExited) { $shim.Kill() }
        }
    }

    It 'reaches the pwsh executable in the tool''s folder, which stops the worker gracefully and exits 0' {
        $log = Join-Path $folder 'real.log'
        $pwsh = Join-Path $PSHOME 'pwsh'
        Test-Path $pwsh | Should -BeTrue -Because 'the PowerShell tool package carries the real pwsh executable beside pwsh.dll'
        $process = Start-Logged ("'{0}' -NoProfile -NonInteractive -File '{1}'" -f $pwsh, $workerScript) $log
        try {
            Wait-LogLine $log '(?i)worker.*start'
            kill -TERM $process.Id
            $process.WaitForExit(120000) | Should -BeTrue
            $process.ExitCode | Should -Be 0 -Because 'the worker stops gracefully and pwsh exits 0'
        }
        finally { if (-not $process.HasExited) { $process.Kill($true) } }
    }
}
