# Issue 19, part 3: a module session on the Azure Service Bus transport, against the local Service Bus
# double run as a process (src/GeoOrchestration.ServiceBus.Double) and the test PostgreSQL. The session is
# connected with the double's connection string (UseDevelopmentEmulator=true, plain AMQP): the namespace
# form (-ServiceBusNamespace) makes the SDK use TLS on port 5671 with a real Entra ID token, which the
# double's process does not serve, so that form is covered by Hosting.Tests (resolution) and the help
# example (Connect-GeoOrchestration opens nothing). The double's SAS key is random per run, and every
# output this file captures is searched for it.
BeforeAll {
    $ErrorActionPreference = 'Continue'
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1')
    Import-Module (Get-ModuleManifestPath) -Force
    $script:pg = Get-TestPostgres
    $script:saved = @{}
    foreach ($name in 'GEO_CONNECTION', 'GEO_SCHEMA', 'GEO_SERVICEBUS', 'XDG_DATA_HOME') { $saved[$name] = [Environment]::GetEnvironmentVariable($name) }
    $env:GEO_CONNECTION = $null; $env:GEO_SCHEMA = $null; $env:GEO_SERVICEBUS = $null
    $env:XDG_DATA_HOME = Join-Path $TestDrive 'xdg'
    $script:schema = New-TestSchema servicebus
    Invoke-GeoSchemaDeploy -Connection (Connect-GeoOrchestration -ConnectionString $pg -Schema $schema) -Confirm:$false | Out-Null
    Disconnect-GeoOrchestration

    # The double as users run it: a process that prints its two connection strings (messaging, administration).
    $script:key = 'k' + [guid]::NewGuid().ToString('N')
    $dll = Get-ChildItem (Join-Path (Get-RepositoryRoot) 'src/GeoOrchestration.ServiceBus.Double/bin/*/net10.0/GeoOrchestration.ServiceBus.Double.dll') |
        Sort-Object LastWriteTime | Select-Object -Last 1
    if (-not $dll) { throw 'The Service Bus double is not built: dotnet build GeoOrchestration.sln -c Release' }
    $info = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    foreach ($argument in @($dll.FullName, '--port', '0', '--key', $key)) { $info.ArgumentList.Add($argument) }
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardError = $true
    $script:double = [System.Diagnostics.Process]::Start($info)
    $script:doubleLog = $double.StandardError.ReadToEndAsync()
    $lines = @{}
    while ($lines.Count -lt 2) {
        $line = $double.StandardOutput.ReadLine()
        if ($null -eq $line) { throw "The Service Bus double exited: $($doubleLog.Result)" }
        if ($line -match '^(\w+): (.*)$') { $lines[$Matches[1]] = $Matches[2] }
    }
    $script:sas = $lines.ConnectionString
    $script:adminSas = $lines.AdministrationConnectionString
    # Everything the tests below see, searched for the key at the end.
    $script:captured = [System.Collections.Generic.List[string]]::new()
    function script:Capture { param([Parameter(ValueFromPipeline)] $InputObject) process { $captured.Add(($InputObject | Out-String)); $InputObject } }
}

AfterAll {
    Disconnect-GeoOrchestration
    if ($double -and -not $double.HasExited) {
        kill -s TERM $double.Id
        if (-not $double.WaitForExit(30000)) { $double.Kill($true) }
    }
    foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
}

Describe 'Connect-GeoOrchestration with Service Bus' {
    It 'keeps the double''s connection string in the session and shows the namespace, never the key' {
        $connection = Connect-GeoOrchestration -ConnectionString $pg -Schema $schema -ServiceBusConnectionString $sas -Verbose 4>&1 | Capture |
            Where-Object { $_ -is [GeoOrchestration.PowerShell.GeoConnectionInfo] }
        $connection.Transport | Should -Be 'ServiceBus'
        $connection.ServiceBusNamespace | Should -Be '127.0.0.1'
        $connection.ServiceBusAuthentication | Should -Be 'SharedAccessKey'
        $connection | Format-List * | Out-String | Capture | Should -Not -Match $key
        $connection | ConvertTo-Json | Capture | Should -Not -Match $key
        (Get-GeoConnection).Transport | Should -Be 'ServiceBus'
    }

    It 'takes the connection string as a SecureString, as Get-Secret returns it' {
        $secure = ConvertTo-SecureString $sas -AsPlainText -Force
        (Connect-GeoOrchestration -ConnectionString $pg -Schema $schema -ServiceBusConnectionString $secure | Capture).ServiceBusNamespace | Should -Be '127.0.0.1'
    }

    It 'refuses a malformed connection string naming the field and the rule, without echoing it' {
        $refused = { Connect-GeoOrchestration -ConnectionString $pg -ServiceBusConnectionString "Endpoint=sb://127.0.0.1;SharedAccessKey=$key" -ErrorAction Stop } |
            Should -Throw -ErrorId 'GeoValidation,GeoOrchestration.PowerShell.Commands.ConnectGeoOrchestrationCommand' -PassThru
        $refused.Exception.Errors[0].Field | Should -Be 'servicebus_connection'
        $refused.Exception.Errors[0].Rule | Should -Be 'format'
        "$refused" | Capture | Should -Not -Match $key
    }
}

Describe 'The embedded store refuses the Service Bus transport' {
    It 'Connect-GeoOrchestration -Path with a Service Bus connection string: GeoValidation, rule requires_postgresql, nothing created' {
        $file = Join-Path $TestDrive 'refused.db'
        $refused = { Connect-GeoOrchestration -Path $file -ServiceBusConnectionString $sas -ErrorAction Stop } |
            Should -Throw -ErrorId 'GeoValidation,GeoOrchestration.PowerShell.Commands.ConnectGeoOrchestrationCommand' -PassThru
        $refused.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $refused.CategoryInfo.Reason | Should -Be 'InvalidInput'
        $refused.Exception | Should -BeOfType ([GeoOrchestration.Errors.GeoValidationException])
        $refused.Exception.Errors[0].Field | Should -Be 'transport'
        $refused.Exception.Errors[0].Rule | Should -Be 'requires_postgresql'
        "$refused" | Capture | Should -BeLike '*needs a PostgreSQL store*'
        $file | Should -Not -Exist
    }

    It '<Name> on the embedded default store with GEO_SERVICEBUS set: the same error, naming the variable, and no store created' -ForEach @(
        @{ Name = 'Submit-GeoJob'; Command = { Submit-GeoJob hello_world -count 1 -ErrorAction Stop }; Id = 'SubmitGeoJobCommand' }
        @{ Name = 'Invoke-GeoJob'; Command = { Invoke-GeoJob hello_world -count 1 -ErrorAction Stop }; Id = 'InvokeGeoJobCommand' }
        @{ Name = 'Start-GeoWorker'; Command = { Start-GeoWorker -ExitWhenIdle 0 -ErrorAction Stop }; Id = 'StartGeoWorkerCommand' }
    ) {
        Disconnect-GeoOrchestration
        $env:GEO_SERVICEBUS = $sas
        try {
            $refused = $Command | Should -Throw -ErrorId "GeoValidation,GeoOrchestration.PowerShell.Commands.$Id" -PassThru
        }
        finally { $env:GEO_SERVICEBUS = $null }
        $refused.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $refused.Exception.Errors[0].Rule | Should -Be 'requires_postgresql'
        "$refused" | Capture | Should -BeLike '*chosen by GEO_SERVICEBUS*'
        Join-Path $env:XDG_DATA_HOME 'geoorchestration' | Should -Not -Exist
    }
}

Describe 'A session over the double' {
    It 'Invoke-GeoSchemaDeploy -ServiceBus -WhatIf says which queues would be created and creates none' {
        $script:session = Connect-GeoOrchestration -ConnectionString $pg -Schema $schema -ServiceBusConnectionString $sas
        # -WhatIf's lines go to the host: a pwsh of its own, whose output is captured.
        $result = Invoke-ChildPwsh -Script @"
Import-Module '$(Get-ModuleManifestPath)'
Connect-GeoOrchestration -ConnectionString '$pg' -Schema '$schema' -ServiceBusConnectionString '$sas' | Out-Null
Invoke-GeoSchemaDeploy -ServiceBus -AdministrationConnectionString '$adminSas' -WhatIf
"@
        $result.Output | Capture | Out-Null
        $result.ExitCode | Should -Be 0 -Because $result.Output
        $result.Output | Should -Match 'What if: .*create geo-control'
        $result.Output | Should -Match 'create geo-tasks'
        # Nothing was created: the deploy that follows still creates both queues.
        $applied = @(Invoke-GeoSchemaDeploy -ServiceBus -AdministrationConnectionString $adminSas -Confirm:$false | Capture)
        @($applied | Where-Object Action -eq 'create' | Select-Object -ExpandProperty Queue -Unique) | Should -Be @('geo-control', 'geo-tasks')
        # Deployed, a second -WhatIf has nothing to change.
        @(Invoke-GeoSchemaDeploy -ServiceBus -AdministrationConnectionString $adminSas -WhatIf | Capture | Where-Object Action -ne 'none') | Should -BeNullOrEmpty
    }

    It 'runs a job submitted over the transport in a worker of its own that receives it from Service Bus' {
        $script = @"
Import-Module '$(Get-ModuleManifestPath)'
Connect-GeoOrchestration -ConnectionString '$pg' -Schema '$schema' -ServiceBusConnectionString '$sas' | Out-Null
Start-GeoWorker -ExitWhenIdle 5
"@
        Set-Content (Join-Path $TestDrive 'sb-worker.ps1') $script
        $worker = Start-ChildPwsh -File (Join-Path $TestDrive 'sb-worker.ps1')
        try {
            $job = Submit-GeoJob hello_world -count 3 -RunKey "sb-$([guid]::NewGuid())" -Wait -Timeout 120 -ErrorAction Stop | Capture
            $job.Status | Should -Be 'completed'
        }
        finally {
            $output = $worker.StandardOutput.ReadToEndAsync()
            $errors = $worker.StandardError.ReadToEndAsync()
            $worker.WaitForExit(120000) | Out-Null
            $captured.Add($output.Result + $errors.Result)
        }
        # The worker's start line names its transport: Service Bus, never the key.
        $output.Result | Should -Match 'started: store postgresql://.*; transport .*Service Bus'
        $worker.ExitCode | Should -Be 0 -Because "$($output.Result) $($errors.Result)"
    }

    It 'Invoke-GeoJob submits and runs a job over the transport in this session' {
        $job = Invoke-GeoJob hello_world -count 2 -RunKey "sb-$([guid]::NewGuid())" -Timeout 120 -Verbose 4>&1 | Capture
        $verbose = @($job | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }) -join "`n"
        $verbose | Should -Match 'Transport: Azure Service Bus 127\.0\.0\.1'
        ($job | Where-Object { $_ -is [GeoOrchestration.PowerShell.GeoJob] }).Status | Should -Be 'completed'
    }

    It 'Get-GeoJob shows the work a submission left undispatched' {
        # Submitted on the database transport (a connection without Service Bus): its ready work was never sent.
        $plain = Connect-GeoOrchestration -ConnectionString $pg -Schema $schema
        $waiting = Submit-GeoJob noop -tasks 1 -label "undispatched-$([guid]::NewGuid())" -Connection $plain
        try {
            $seen = Get-GeoJob $waiting.JobId -Connection $session | Capture
            $seen.Undispatched | Should -BeGreaterOrEqual 1
            $seen.UndispatchedFor | Should -BeOfType ([TimeSpan])
            # Under the database transport there is nothing to report.
            (Get-GeoJob $waiting.JobId -Connection $plain).Undispatched | Should -BeNullOrEmpty
        }
        finally { Stop-GeoJob $waiting.JobId -Connection $plain -Confirm:$false | Out-Null }
    }

    It 'loads one System.Text.Json for the cmdlets and the engine, Azure''s libraries loaded' {
        $result = Invoke-ChildPwsh -Script @"
Import-Module '$(Get-ModuleManifestPath)'
Connect-GeoOrchestration -ConnectionString '$pg' -Schema '$schema' -ServiceBusConnectionString '$sas' | Out-Null
(Get-GeoJobType hello_world).Parameters.Count -gt 0
@([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -eq 'System.Text.Json' }).Count
"@
        $result.ExitCode | Should -Be 0 -Because $result.Output
        ($result.Output -split "`n" | Where-Object { $_ -match '\S' } | Select-Object -Last 2) | Should -Be @('True', '1')
    }

    It 'never shows the key in anything captured here' {
        $captured.Count | Should -BeGreaterThan 5
        foreach ($text in $captured) { $text | Should -Not -Match $key }
    }
}
