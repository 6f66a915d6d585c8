# Issue 19.2: no PostgreSQL password, Entra ID token or SAS key reaches what the module shows. A
# password-checking PostgreSQL of this file's own (the suites' shared cluster trusts every login, so it
# would never ask for a token), a managed identity endpoint on 127.0.0.1 (python3) that hands out the
# token, and every captured stream (output, verbose, errors with their exceptions) searched for the secrets.
BeforeAll {
    $ErrorActionPreference = 'Continue'
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1')
    Import-Module (Get-ModuleManifestPath) -Force

    function New-Secret([string] $Prefix = '') { $Prefix + [Convert]::ToBase64String([Security.Cryptography.RandomNumberGenerator]::GetBytes(24)).TrimEnd('=') }
    function Get-FreePort { $l = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0); $l.Start(); $p = $l.LocalEndpoint.Port; $l.Stop(); $p }

    # A cluster that checks passwords: the administrator trusted, every other TCP login by SCRAM.
    $script:bin = (Get-ChildItem '/usr/lib/postgresql/*/bin/initdb' | Sort-Object { [version]($_.Directory.Parent.Name + '.0') } | Select-Object -Last 1).DirectoryName
    $script:asRoot = (id -u) -eq '0'
    $script:clusterDir = Join-Path ([IO.Path]::GetTempPath()) "geoorch-pester-pg-$PID-$([guid]::NewGuid().ToString('N').Substring(0, 8))"
    New-Item -ItemType Directory -Path $clusterDir | Out-Null
    if ($asRoot) { chown postgres $clusterDir }
    $asPostgres = { param($program) if ($asRoot) { & runuser -u postgres -- $program @args } else { & $program @args } }
    & $asPostgres "$bin/initdb" -D "$clusterDir/data" -U postgres -A trust --no-sync -E UTF8 | Out-Null
    "local all all trust`nhost all postgres 127.0.0.1/32 trust`nhost all all 127.0.0.1/32 scram-sha-256`n" | Set-Content "$clusterDir/data/pg_hba.conf"
    $script:port = Get-FreePort
    & $asPostgres "$bin/pg_ctl" -D "$clusterDir/data" -l "$clusterDir/log" -w -t 60 -o "-p $port -k $clusterDir -c listen_addresses=127.0.0.1 -c fsync=off" start | Out-Null
    function Invoke-Admin([string] $Sql) { & "$bin/psql" -h 127.0.0.1 -p $port -U postgres -d postgres -v ON_ERROR_STOP=1 -q -c $Sql | Out-Null; if ($LASTEXITCODE) { throw "psql failed: $Sql" } }

    $script:password = New-Secret 'pgpw-'
    $script:token = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.' + (New-Secret) + '.' + (New-Secret)
    $script:sasKey = New-Secret
    $script:secrets = $password, $token, $sasKey
    $script:pwRole = "pw_$([guid]::NewGuid().ToString('N').Substring(0, 10))"
    $script:miRole = "mi_$([guid]::NewGuid().ToString('N').Substring(0, 10))"
    $script:otherRole = "mx_$([guid]::NewGuid().ToString('N').Substring(0, 10))"
    # ALTER ROLE takes no parameters; the secrets are base64 (no quote) by construction.
    Invoke-Admin "CREATE ROLE $pwRole LOGIN PASSWORD '$password'; GRANT CREATE ON DATABASE postgres TO $pwRole;"
    Invoke-Admin "CREATE ROLE $miRole LOGIN PASSWORD '$token'; GRANT CREATE ON DATABASE postgres TO $miRole;"
    Invoke-Admin "CREATE ROLE $otherRole LOGIN PASSWORD 'not-the-token';"

    # The App Service kind of managed identity endpoint Azure.Identity finds through IDENTITY_ENDPOINT.
    $identityPort = Get-FreePort
    $server = @'
import http.server, json, os, sys, time
from urllib.parse import urlparse, parse_qs
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        q = parse_qs(urlparse(self.path).query)
        body = json.dumps({"access_token": os.environ["TEST_TOKEN"], "expires_on": str(int(time.time()) + 3600),
                           "resource": q.get("resource", [""])[0], "token_type": "Bearer"}).encode()
        self.send_response(200); self.send_header("Content-Type", "application/json"); self.end_headers(); self.wfile.write(body)
    def log_message(self, *args): pass
http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
'@
    $info = [System.Diagnostics.ProcessStartInfo]::new('python3')
    foreach ($a in '-c', $server, $identityPort) { $info.ArgumentList.Add($a) }
    $info.Environment['TEST_TOKEN'] = $token
    $script:identity = [System.Diagnostics.Process]::Start($info)
    $script:saved = @{}
    foreach ($name in 'IDENTITY_ENDPOINT', 'IDENTITY_HEADER', 'GEO_CONNECTION', 'GEO_SCHEMA', 'GEO_CREDENTIAL', 'AZURE_CLIENT_ID') { $saved[$name] = [Environment]::GetEnvironmentVariable($name) }
    $env:IDENTITY_ENDPOINT = "http://127.0.0.1:$identityPort/msi/token"
    $env:IDENTITY_HEADER = 'pester'
    $env:GEO_CONNECTION = $null; $env:GEO_SCHEMA = $null; $env:GEO_CREDENTIAL = $null; $env:AZURE_CLIENT_ID = $null
    $deadline = [DateTime]::UtcNow.AddSeconds(30)
    while (-not (Test-Connection -TargetName 127.0.0.1 -TcpPort $identityPort -Quiet -TimeoutSeconds 1)) {
        if ([DateTime]::UtcNow -gt $deadline) { throw 'The identity endpoint did not start.' }
        Start-Sleep -Milliseconds 100
    }

    # Everything a user could see of a command: its output formatted in full, its verbose lines, and its
    # errors with their exceptions (message, inner exceptions, stack) and targets.
    $script:captured = [System.Collections.Generic.List[string]]::new()
    function Invoke-Captured([scriptblock] $Command) {
        # A terminating error (a refused parameter) ends the command: caught, it is captured as any other.
        $items = @(try { & $Command *>&1 } catch { $_ })
        foreach ($item in $items) {
            if ($item -is [System.Management.Automation.ErrorRecord]) {
                $captured.Add(($item | Format-List * -Force | Out-String -Width 4096))
                $captured.Add($item.Exception.ToString())
                $captured.Add("$($item.TargetObject)")
            }
            elseif ($item -is [System.Management.Automation.VerboseRecord] -or $item -is [System.Management.Automation.InformationRecord] -or $item -is [System.Management.Automation.WarningRecord]) {
                $captured.Add("$item")
            }
            else {
                $captured.Add(($item | Format-List * -Force | Out-String -Width 4096))
                $captured.Add(($item | Out-String -Width 4096))
                $captured.Add(($item | ConvertTo-Json -Depth 3 -WarningAction Ignore))
            }
        }
        $items
    }
    $script:pwConnection = "Host=127.0.0.1;Port=$port;Username=$pwRole;Password=$password;Database=postgres"
    $script:entraConnection = "Host=127.0.0.1;Port=$port;Username=$miRole;Database=postgres"
    $script:sas = "Endpoint=sb://127.0.0.1:$(Get-FreePort)/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=$sasKey;UseDevelopmentEmulator=true"
}

AfterAll {
    Disconnect-GeoOrchestration
    if ($identity -and -not $identity.HasExited) { $identity.Kill() }
    foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
    if ($asRoot) { runuser -u postgres -- "$bin/pg_ctl" -D "$clusterDir/data" -m immediate stop *> $null } else { & "$bin/pg_ctl" -D "$clusterDir/data" -m immediate stop *> $null }
    Remove-Item -Recurse -Force $clusterDir -ErrorAction Ignore
}

Describe 'Secrets in what the module shows' {
    It 'a PostgreSQL password: connected, deployed, submitted, read and refused, -Verbose throughout' {
        $c = Invoke-Captured { Connect-GeoOrchestration -ConnectionString $pwConnection -Schema $pwRole -Verbose } | Where-Object { $_ -is [GeoOrchestration.PowerShell.GeoConnectionInfo] }
        $c.ConnectionString | Should -BeLike '*Password=`*`*`*`*`**'
        Invoke-Captured { Invoke-GeoSchemaDeploy -Confirm:$false -Verbose } | Out-Null
        $job = Invoke-Captured { Submit-GeoJob hello_world -count 2 -Verbose } | Where-Object { $_ -is [GeoOrchestration.PowerShell.GeoJob] }
        $job | Should -Not -BeNullOrEmpty
        Invoke-Captured { Get-GeoJob $job.JobId -Verbose; Get-GeoTask $job.JobId -Verbose; Get-GeoConnection -Verbose } | Out-Null
        $parts = [pscredential]::new($pwRole, (ConvertTo-SecureString $password -AsPlainText -Force))
        Invoke-Captured { Connect-GeoOrchestration -Server 127.0.0.1 -Port $port -Database postgres -Credential $parts -Schema $pwRole -Verbose } | Out-Null
        Invoke-Captured { Get-GeoJob $job.JobId -Verbose } | Should -Not -BeNullOrEmpty

        $wrong = "Host=127.0.0.1;Port=$port;Username=$pwRole;Password=$($password)x;Database=postgres"
        $refused = Invoke-Captured { Get-GeoJob -Connection $wrong -Verbose } | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] }
        $refused.CategoryInfo.Reason | Should -Be 'LoginRefused'
        $closed = "Host=127.0.0.1;Port=$(Get-FreePort);Username=$pwRole;Password=$password;Database=postgres"
        $unavailable = Invoke-Captured { Get-GeoJob -Connection $closed -Verbose } | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] }
        $unavailable | Should -Not -BeNullOrEmpty
        $bad = Invoke-Captured { Connect-GeoOrchestration -ConnectionString $pwConnection -UseEntraId -Verbose } | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] }
        "$bad" | Should -BeLike "*'connection' must not hold a password with Entra ID*"
    }

    It 'an Entra ID token: connected with -UseEntraId, deployed, submitted and read; refused for a role it is not the password of' {
        $c = Invoke-Captured { Connect-GeoOrchestration -ConnectionString $entraConnection -Schema $miRole -UseEntraId -AzureCredential ManagedIdentity -Verbose } |
            Where-Object { $_ -is [GeoOrchestration.PowerShell.GeoConnectionInfo] }
        $c.EntraId | Should -Be 'managed-identity (system-assigned)'
        Invoke-Captured { Invoke-GeoSchemaDeploy -Confirm:$false -Verbose } | Out-Null
        $job = Invoke-Captured { Submit-GeoJob hello_world -count 2 -Verbose } | Where-Object { $_ -is [GeoOrchestration.PowerShell.GeoJob] }
        $job | Should -Not -BeNullOrEmpty -Because ($captured -join "`n")
        Invoke-Captured { Get-GeoJob $job.JobId -Verbose } | Should -Not -BeNullOrEmpty

        $other = "Host=127.0.0.1;Port=$port;Username=$otherRole;Database=postgres"
        $refused = Invoke-Captured {
            Connect-GeoOrchestration -ConnectionString $other -UseEntraId -AzureCredential ManagedIdentity -Verbose | Out-Null
            Get-GeoJob -Verbose
        } | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] }
        $refused.CategoryInfo.Reason | Should -Be 'LoginRefused'
    }

    It 'a SAS key in a Service Bus connection string given where a store connection belongs' {
        $refused = Invoke-Captured { Get-GeoJob -Connection $sas -Verbose; Connect-GeoOrchestration -ConnectionString $sas -Verbose } |
            Where-Object { $_ -is [System.Management.Automation.ErrorRecord] }
        $refused | Should -Not -BeNullOrEmpty
    }

    It 'a SAS key for a namespace that is not there: connected, submitted (the work waits undispatched), read, deployed' {
        $c = Invoke-Captured { Connect-GeoOrchestration -ConnectionString $pwConnection -Schema $pwRole -ServiceBusConnectionString $sas -Verbose } |
            Where-Object { $_ -is [GeoOrchestration.PowerShell.GeoConnectionInfo] }
        $c | Should -Not -BeNullOrEmpty -Because ($captured -join "`n")
        $job = Invoke-Captured { Submit-GeoJob hello_world -count 2 -Verbose } | Where-Object { $_ -is [GeoOrchestration.PowerShell.GeoJob] }
        $job | Should -Not -BeNullOrEmpty -Because ($captured -join "`n")
        Invoke-Captured { Get-GeoJob $job.JobId -Verbose; Get-GeoConnection -Verbose } | Should -Not -BeNullOrEmpty
        $failed = Invoke-Captured { Invoke-GeoSchemaDeploy -ServiceBus -WhatIf -Verbose } | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] }
        $failed | Should -Not -BeNullOrEmpty
        $malformed = Invoke-Captured { Connect-GeoOrchestration -ConnectionString $pwConnection -ServiceBusConnectionString "SharedAccessKeyName=Root;SharedAccessKey=$sasKey" -Verbose } |
            Where-Object { $_ -is [System.Management.Automation.ErrorRecord] }
        $malformed | Should -Not -BeNullOrEmpty
    }

    It 'appears in no captured output, verbose line or error' {
        $captured.Count | Should -BeGreaterThan 20
        # What was captured is what shows a connection: its masked form is there, the secret is not.
        ($captured -join "`n") | Should -BeLike "*Username=$pwRole;Password=``*``*``*``*``**"
        foreach ($text in $captured) {
            foreach ($secret in $secrets) { $text.Contains($secret) | Should -BeFalse -Because "this was shown: $text" }
        }
    }
}
