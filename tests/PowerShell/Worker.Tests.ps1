# Start-GeoWorker in a pwsh process of its own, stopped the way docker stop stops a container.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1')
    Import-Module (Get-ModuleManifestPath) -Force
    $script:pg = Get-TestPostgres
    $script:schema = New-TestSchema worker
    $script:connection = Connect-GeoOrchestration -ConnectionString $pg -Schema $schema
    Invoke-GeoSchemaDeploy -Connection $connection -Confirm:$false | Out-Null
}

Describe 'Start-GeoWorker' {
    It 'stops gracefully on SIGTERM: the running handler finishes within the grace period and pwsh exits 0' {
        $job = Submit-GeoJob noop -tasks 1 -delay_ms 3000 -label sigterm -Connection $connection
        $worker = Start-ChildPwsh -File (New-WorkerScript -Schema $schema -ExitWhenIdle 600 -ShutdownGrace 30)
        $errors = $worker.StandardError.ReadToEndAsync()
        $output = $worker.StandardOutput.ReadToEndAsync()
        # SIGTERM only once the handler runs, so the grace period is what lets it finish.
        $deadline = [DateTime]::UtcNow.AddSeconds(60)
        while (-not (Get-GeoTask $job.JobId -Connection $connection | Where-Object Status -eq processing)) {
            if ([DateTime]::UtcNow -gt $deadline -or $worker.HasExited) { throw "The worker never started the task: $($output.Result) $($errors.Result)" }
            Start-Sleep -Milliseconds 100
        }
        kill -s TERM $worker.Id
        $worker.WaitForExit(60000) | Should -BeTrue
        $worker.ExitCode | Should -Be 0 -Because "pwsh said: $($output.Result) $($errors.Result)"
        $output.Result | Should -Match 'SIGTERM'
        (Get-GeoTask $job.JobId -Connection $connection).Status | Should -Be 'completed'
    }

    It 'refuses a schema that is not deployed with GeoConfiguration' {
        $empty = Connect-GeoOrchestration -ConnectionString $pg -Schema (New-TestSchema empty)
        # The worker cannot go on: a terminating error.
        $refused = { Start-GeoWorker -Connection $empty -ExitWhenIdle 1 } | Should -Throw -ErrorId 'GeoConfiguration,GeoOrchestration.Commands.StartGeoWorkerCommand' -PassThru
        $refused.CategoryInfo.Category | Should -Be 'NotInstalled'
        $refused.CategoryInfo.Reason | Should -Be 'SchemaNotDeployed'
    }

    It 'logs through the verbose and information streams and exits when idle' {
        $records = Start-GeoWorker -Connection $connection -ExitWhenIdle 1 -Verbose 4>&1 6>&1
        ($records | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message | Should -Match 'started'
        ($records | Where-Object { $_ -is [System.Management.Automation.InformationRecord] }).MessageData | Should -Match 'stopped after'
    }
}
