# Traces from PowerShell: the module loads its dependencies in a private load context, but
# System.Diagnostics.DiagnosticSource is the runtime's, so a span current in the pwsh session (a
# runbook's own, or one an OpenTelemetry SDK loaded into pwsh started) is the parent Submit-GeoJob
# stores with the job; the sqlite3 shell reads what was stored.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1')
    Import-Module (Get-ModuleManifestPath) -Force
}

Describe 'Submit-GeoJob inside a span of the session' {
    It 'stores the span''s W3C context with the job, a root nobody sampled flagged sampled' {
        $path = Join-Path $TestDrive 'traces/geo.db'
        $connection = Connect-GeoOrchestration -Path $path
        $span = [System.Diagnostics.Activity]::new('runbook').SetIdFormat('W3C')
        $span.TraceStateString = 'runbook=nightly'
        $null = $span.Start()
        try {
            $job = Submit-GeoJob -JobType noop -Parameter @{ tasks = 2; label = "trace-$([guid]::NewGuid())" } -Connection $connection
        }
        finally {
            $span.Stop()
        }

        $stored = sqlite3 -separator ' ' $path "SELECT traceparent, tracestate FROM jobs WHERE job_id = '$($job.JobId)'"
        # The submit span when something listens in this process (a child of the runbook's), else the runbook's own.
        $stored | Should -Match "^00-$($span.TraceId)-[0-9a-f]{16}-01 runbook=nightly$"
    }

    It 'gives a job submitted outside any span a trace of its own' {
        $path = Join-Path $TestDrive 'traces-none/geo.db'
        $connection = Connect-GeoOrchestration -Path $path
        [System.Diagnostics.Activity]::Current | Should -BeNullOrEmpty

        $job = Submit-GeoJob -JobType noop -Parameter @{ tasks = 1; label = "trace-$([guid]::NewGuid())" } -Connection $connection

        sqlite3 $path "SELECT traceparent FROM jobs WHERE job_id = '$($job.JobId)'" | Should -Match '^00-[0-9a-f]{32}-[0-9a-f]{16}-01$'
    }
}

Describe 'Get-GeoJob shows the job''s trace id' {
    It 'shows the trace id of the span the job was submitted in, in the object and its list view' {
        $path = Join-Path $TestDrive 'traces-get/geo.db'
        $connection = Connect-GeoOrchestration -Path $path
        $span = [System.Diagnostics.Activity]::new('runbook').SetIdFormat('W3C')
        $null = $span.Start()
        try {
            $submitted = Submit-GeoJob -JobType noop -Parameter @{ tasks = 1; label = "trace-$([guid]::NewGuid())" } -Connection $connection
        }
        finally {
            $span.Stop()
        }

        $job = Get-GeoJob -JobId $submitted.JobId -Connection $connection

        $expected = $span.TraceId.ToHexString()
        $submitted.TraceId | Should -Be $expected
        $job.TraceId | Should -Be $expected
        ($job | Format-List | Out-String -Width 200) | Should -Match "TraceId\s+:\s+$expected"
        $job.RemovingAt | Should -BeNullOrEmpty
    }

    It 'shows no trace id for a job whose stored traceparent does not parse, and reads the job as usual' {
        $path = Join-Path $TestDrive 'traces-bad/geo.db'
        $connection = Connect-GeoOrchestration -Path $path
        $submitted = Submit-GeoJob -JobType noop -Parameter @{ tasks = 1; label = "trace-$([guid]::NewGuid())" } -Connection $connection
        sqlite3 $path "UPDATE jobs SET traceparent = 'garbage' WHERE job_id = '$($submitted.JobId)'"

        $job = Get-GeoJob -JobId $submitted.JobId -Connection $connection

        $job.JobId | Should -Be $submitted.JobId
        $job.TraceId | Should -BeNullOrEmpty
    }
}
