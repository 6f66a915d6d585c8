# Start-GeoWorker's log (issue 17.7): one timestamped line per event, short ids, no escape sequences
# when redirected or under NO_COLOR, the same lines as geoorch worker. Real child pwsh processes on
# an embedded SQLite file, stopped by SIGTERM (docker stop) and SIGINT (Ctrl+C).
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1')
    Import-Module (Get-ModuleManifestPath) -Force

    # A line of the worker's log: UTC ISO 8601 time, a four-letter level, the message.
    $script:LinePattern = '^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (trce|dbug|info|warn|fail|crit) \S'
    # SIGINT reset to its default first: a process started in the background of a non-interactive
    # shell (a CI script) inherits SIGINT ignored, and .NET, hence pwsh, then keeps ignoring it.
    $script:DefaultSigint = 'import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execvp(sys.argv[1], sys.argv[1:])'

    function Start-LoggedWorker([string] $Path, [string] $Body) {
        # A runbook: a quick job and a held one on the store, then the worker.
        $file = Join-Path $TestDrive "worker-$([guid]::NewGuid().ToString('N')).ps1"
        @"
Import-Module '$(Get-ModuleManifestPath)'
Connect-GeoOrchestration -Path '$Path' | Out-Null
$Body
'after Start-GeoWorker'
"@ | Set-Content -LiteralPath $file
        $info = [System.Diagnostics.ProcessStartInfo]::new('python3')
        foreach ($argument in @('-c', $script:DefaultSigint) + @(Get-PwshCommand) + @('-NoProfile', '-NonInteractive', '-File', $file)) { $info.ArgumentList.Add($argument) }
        $info.RedirectStandardOutput = $true
        $info.RedirectStandardError = $true
        $info.WorkingDirectory = $TestDrive
        [void] $info.Environment.Remove('NO_COLOR')
        [void] $info.Environment.Remove('GEO_CONNECTION')
        [System.Diagnostics.Process]::Start($info)
    }

    function Stop-WhileHeld($Process, $Store, [string] $QuickJobId, [string] $HeldJobId, [string] $Signal) {
        $errors = $Process.StandardError.ReadToEndAsync()
        $output = $Process.StandardOutput.ReadToEndAsync()
        $deadline = [DateTime]::UtcNow.AddSeconds(120)
        # The signal once the quick job has ended and the held task runs: it must be handed back.
        while (-not ((Get-GeoJob $QuickJobId -Connection $Store).Status -eq 'completed' -and (Get-GeoTask $HeldJobId -Connection $Store).Status -eq 'processing')) {
            if ([DateTime]::UtcNow -gt $deadline -or $Process.HasExited) { throw "The worker never ran both jobs: $($output.Result) $($errors.Result)" }
            Start-Sleep -Milliseconds 200
        }
        kill -s $Signal $Process.Id
        $Process.WaitForExit(60000) | Should -BeTrue
        [pscustomobject]@{ Output = $output.Result; Errors = $errors.Result; ExitCode = $Process.ExitCode }
    }

    function Assert-WorkerLog([string] $Text, [string] $Quick, [string] $Said) {
        $Text | Should -Not -Match ([regex]::Escape([string][char]27)) -Because 'no escape sequences in a redirected log'
        $Text | Should -Not -Match '[0-9a-f]{64}' -Because 'ids are shown short'
        $lines = @($Text -split '\r?\n' | Where-Object { $_ })
        foreach ($line in $lines) { $line | Should -Match $script:LinePattern }
        @($lines -match ' info Worker \S+ started: store sqlite:.*; transport SQLite file.*; concurrency 2$').Count | Should -Be 1
        @($lines -match " info Job $($Quick.Substring(0, 16)) ended: completed$").Count | Should -Be 1
        @($lines -match " info Worker \S+ stop requested \($([regex]::Escape($Said))\)").Count | Should -Be 1
        @($lines -match ' info Handed back 1 task\(s\)').Count | Should -Be 1
        $lines[-1] | Should -Match ' info Worker \S+ stopped after \d+ work item\(s\)$'
    }
}

Describe 'Start-GeoWorker log' {
    BeforeEach {
        $script:path = Join-Path $TestDrive "log-$([guid]::NewGuid().ToString('N')).db"
        $script:store = Connect-GeoOrchestration -Path $path
        $script:quick = Submit-GeoJob noop -tasks 1 -label quick -Connection $store
        $script:held = Submit-GeoJob noop -tasks 1 -delay_ms 600000 -label held -Connection $store
    }

    It 'in a runbook redirected with *> and stopped by SIGTERM, writes each event on a timestamped line without escapes' {
        $log = Join-Path $TestDrive 'runbook.log'
        $child = Start-LoggedWorker $path "Start-GeoWorker -Concurrency 2 -ShutdownGrace 0.5 *> '$log'"
        $result = Stop-WhileHeld $child $store $quick.JobId $held.JobId TERM

        $text = Get-Content -Raw $log
        $result.ExitCode | Should -Be 0 -Because "pwsh said: $($result.Output) $($result.Errors) $text"
        Assert-WorkerLog $text $quick.JobId 'SIGTERM'
        $result.Output | Should -Not -Match 'after Start-GeoWorker' -Because 'the process ends as SIGTERM asked'
        (Get-GeoTask $held.JobId -Connection $store).Status | Should -Be 'queued'
    }

    It 'stopped by Ctrl+C (SIGINT), still says that it stops, what it handed back and that it stopped' {
        $child = Start-LoggedWorker $path 'Start-GeoWorker -Concurrency 2 -ShutdownGrace 0.5'
        $result = Stop-WhileHeld $child $store $quick.JobId $held.JobId INT
        # pwsh's own stdout, redirected: after Ctrl+C the lines reach it through the host, not the streams.
        Assert-WorkerLog $result.Output $quick.JobId 'Ctrl+C'
        $result.Output | Should -Not -Match 'after Start-GeoWorker' -Because 'Ctrl+C stops the script'
        $result.Errors | Should -BeNullOrEmpty
        (Get-GeoTask $held.JobId -Connection $store).Status | Should -Be 'queued'
    }

    It 'on a terminal colours the level, and not under NO_COLOR' {
        $file = Join-Path $TestDrive 'idle.ps1'
        "Import-Module '$(Get-ModuleManifestPath)'; Start-GeoWorker -Connection 'sqlite:$(Join-Path $TestDrive 'idle.db')' -ExitWhenIdle 0.3" | Set-Content -LiteralPath $file
        # script(1) runs pwsh on a pseudo-terminal, as an interactive session has it.
        $command = (@(Get-PwshCommand) + @('-NoProfile', '-NonInteractive', '-File', $file) | ForEach-Object { "'$_'" }) -join ' '
        $previous = $env:NO_COLOR
        try {
            $env:NO_COLOR = $null
            $coloured = (script -qfec $command /dev/null) -join "`n"
            $env:NO_COLOR = '1'
            $plain = (script -qfec $command /dev/null) -join "`n"
        }
        finally { $env:NO_COLOR = $previous }
        $escape = [string][char]27
        $coloured | Should -Match ([regex]::Escape("$escape[32minfo$escape[0m Worker "))
        $plain | Should -Match ' info Worker \S+ started: '
        # The terminal itself may be set up with escape sequences; none of them colours anything.
        $plain | Should -Not -Match "$escape\[[0-9;]*m"
    }

    It 'writes the same lines as geoorch worker' {
        $geoorch = Get-ChildItem (Join-Path (Get-RepositoryRoot) 'src/GeoOrchestration.Cli/bin') -Recurse -Filter geoorch.dll | Sort-Object LastWriteTime | Select-Object -Last 1
        $geoorch | Should -Not -BeNullOrEmpty -Because 'the solution build builds geoorch'
        $idle = "sqlite:$(Join-Path $TestDrive 'same.db')"
        # The first creates the file: the second and geoorch then both find the store as it is.
        Start-GeoWorker -Connection $idle -ExitWhenIdle 0.3 -Concurrency 3 6>$null
        $fromModule = Start-GeoWorker -Connection $idle -ExitWhenIdle 0.3 -Concurrency 3 6>&1 | ForEach-Object { "$_" }
        $fromCli = dotnet $geoorch.FullName --connection $idle worker --exit-when-idle 0.3 --concurrency 3 2>&1 | ForEach-Object { "$_" }
        # Alike but for when and which worker: the time and the worker id (host:pid:random) differ.
        $normal = { $_ -replace '^\S+Z ', '<time> ' -replace 'Worker \S+ ', 'Worker <id> ' }
        @($fromModule | ForEach-Object $normal) | Should -Be @($fromCli | ForEach-Object $normal)
        @($fromModule).Count | Should -Be 2
    }
}
