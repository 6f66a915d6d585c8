# Issue 17.3, a typo must not create a store: commands on a SQLite file or PostgreSQL schema that
# does not exist say so and create nothing (only the default file, Connect-GeoOrchestration -Path,
# workers and deploys create); relative sqlite: paths are PowerShell's current location's;
# Get-GeoConnection and Disconnect-GeoOrchestration; -Verbose names the store. Real files, real PostgreSQL.
BeforeAll {
    # The tests collect non-terminating errors (2>&1, 2>$null) as a user's session does; build.ps1
    # runs Pester with ErrorActionPreference Stop, which would make each of them a throw.
    $ErrorActionPreference = 'Continue'
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1')
    Import-Module (Get-ModuleManifestPath) -Force
    $script:pg = Get-TestPostgres
    $script:saved = @{}
    foreach ($name in 'GEO_CONNECTION', 'GEO_SCHEMA', 'XDG_DATA_HOME') { $saved[$name] = [Environment]::GetEnvironmentVariable($name) }
    $env:GEO_CONNECTION = $null
    $env:GEO_SCHEMA = $null
    # The default store of this file's session: never the real per-user one.
    $env:XDG_DATA_HOME = Join-Path $TestDrive 'xdg'
    $script:id = '0123456789abcdef'
}

AfterAll {
    Disconnect-GeoOrchestration
    foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
}

Describe 'A SQLite file named by -Connection or GEO_CONNECTION that does not exist' {
    BeforeEach {
        $script:folder = Join-Path $TestDrive "missing-$([guid]::NewGuid().ToString('N').Substring(0, 8))"
        New-Item -ItemType Directory -Path $folder | Out-Null
        $script:missing = Join-Path $folder 'nonexistent/dir/x.db'
    }

    It '<Name> refuses it naming the file and how to create it, and creates nothing' -ForEach @(
        @{ Name = 'Get-GeoJob'; Command = { param($c) Get-GeoJob -Connection $c } }
        @{ Name = 'Get-GeoJob by id'; Command = { param($c) Get-GeoJob $id -Connection $c } }
        @{ Name = 'Get-GeoTask'; Command = { param($c) Get-GeoTask $id -Connection $c } }
        @{ Name = 'Wait-GeoJob'; Command = { param($c) Wait-GeoJob $id -Connection $c -Timeout 5 } }
        @{ Name = 'Stop-GeoJob'; Command = { param($c) Stop-GeoJob $id -Connection $c -Confirm:$false } }
        @{ Name = 'Restart-GeoJob'; Command = { param($c) Restart-GeoJob $id -Connection $c -Confirm:$false } }
        @{ Name = 'Submit-GeoJob'; Command = { param($c) Submit-GeoJob hello_world -count 1 -Connection $c } }
        @{ Name = 'Invoke-GeoJob'; Command = { param($c) Invoke-GeoJob hello_world -count 1 -Connection $c } }
    ) {
        $failed = @(& $Command "sqlite:$missing" 2>&1 | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
        $failed | Should -Not -BeNullOrEmpty
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'GeoConfiguration,*'
        $failed[0].CategoryInfo.Reason | Should -Be 'SchemaNotDeployed'
        "$($failed[0])" | Should -BeLike "*There is no GeoOrchestration store at '$missing'*Invoke-GeoSchemaDeploy*"
        @(Get-ChildItem -LiteralPath $folder -Force) | Should -BeNullOrEmpty
    }

    It 'in GEO_CONNECTION is refused by a read and a submission, creating nothing' {
        $env:GEO_CONNECTION = "sqlite:$missing"
        try {
            $failed = $null
            Get-GeoJob -ErrorAction SilentlyContinue -ErrorVariable failed
            Submit-GeoJob hello_world -count 1 -ErrorAction SilentlyContinue -ErrorVariable +failed | Out-Null
        }
        finally { $env:GEO_CONNECTION = $null }
        $failed.Count | Should -Be 2
        $failed.CategoryInfo.Reason | Sort-Object -Unique | Should -Be 'SchemaNotDeployed'
        @(Get-ChildItem -LiteralPath $folder -Force) | Should -BeNullOrEmpty
    }

    It 'is created by Invoke-GeoJob -Deploy, which then runs the job' {
        $job = Invoke-GeoJob hello_world -count 1 -Deploy -Connection "sqlite:$missing"
        $job.Status | Should -Be 'completed'
        $missing | Should -Exist
    }

    It 'is created by Invoke-GeoSchemaDeploy' {
        Invoke-GeoSchemaDeploy -Connection "sqlite:$missing" -Confirm:$false | Out-Null
        $missing | Should -Exist
        @(Get-GeoJob -Connection "sqlite:$missing") | Should -BeNullOrEmpty
    }

    It 'is created by Start-GeoWorker (a worker on the embedded store)' {
        Start-GeoWorker -ExitWhenIdle 0.5 -Connection "sqlite:$missing"
        $missing | Should -Exist
    }

    It 'is created when given to Connect-GeoOrchestration -Path, by the first command' {
        Connect-GeoOrchestration -Path $missing | Out-Null
        try { @(Get-GeoJob) | Should -BeNullOrEmpty }
        finally { Disconnect-GeoOrchestration }
        $missing | Should -Exist
    }
}

Describe 'A PostgreSQL schema that is not deployed' {
    BeforeAll {
        $script:typo = New-TestSchema typo
        $script:typoConnection = Connect-GeoOrchestration -ConnectionString $pg -Schema $typo
        Disconnect-GeoOrchestration
    }

    It 'is not deployed by Invoke-GeoJob (a mistyped GEO_SCHEMA): the error names the schema and Invoke-GeoSchemaDeploy' {
        $env:GEO_CONNECTION = $pg
        $env:GEO_SCHEMA = $typo
        try {
            $failed = $null
            Invoke-GeoJob hello_world -count 1 -ErrorAction SilentlyContinue -ErrorVariable failed | Out-Null
            Get-GeoJob -ErrorAction SilentlyContinue -ErrorVariable +failed
        }
        finally { $env:GEO_CONNECTION = $null; $env:GEO_SCHEMA = $null }
        $failed.Count | Should -Be 2
        foreach ($record in $failed) {
            $record.CategoryInfo.Reason | Should -Be 'SchemaNotDeployed'
            "$record" | Should -BeLike "*Schema '$typo' is not deployed*Invoke-GeoSchemaDeploy*-Deploy*"
        }
        # Nothing was deployed before: the first deploy applies every migration.
        $steps = Invoke-GeoSchemaDeploy -Connection $typoConnection -Confirm:$false
        $steps.Status | Sort-Object -Unique | Should -Be 'applied'
    }

    It 'is deployed by Invoke-GeoJob -Deploy' {
        $fresh = Connect-GeoOrchestration -ConnectionString $pg -Schema (New-TestSchema deploy)
        Disconnect-GeoOrchestration
        (Invoke-GeoJob hello_world -count 1 -Deploy -Connection $fresh).Status | Should -Be 'completed'
    }
}

Describe 'Relative sqlite: paths' {
    BeforeEach {
        $script:work = Join-Path $TestDrive "work-$([guid]::NewGuid().ToString('N').Substring(0, 8))"
        New-Item -ItemType Directory -Path $work | Out-Null
        Push-Location $work
    }
    AfterEach { Pop-Location }

    It 'are taken from the current location, not the process working directory (<Name>)' -ForEach @(
        @{ Name = '-Connection'; Get = { Get-GeoConnection -Connection 'sqlite:rel.db' } }
        @{ Name = 'Connect-GeoOrchestration -ConnectionString'; Get = { Connect-GeoOrchestration -ConnectionString 'sqlite:rel.db'; Disconnect-GeoOrchestration } }
        @{ Name = 'GEO_CONNECTION'; Get = { $env:GEO_CONNECTION = 'sqlite:rel.db'; try { Get-GeoConnection } finally { $env:GEO_CONNECTION = $null } } }
    ) {
        [Environment]::CurrentDirectory | Should -Not -Be $work
        (& $Get).Path | Should -Be (Join-Path $work 'rel.db')
    }

    It 'a store deployed on one is made in the current location' {
        (Invoke-GeoJob hello_world -count 1 -Deploy -Connection 'sqlite:sub/rel.db').Status | Should -Be 'completed'
        Join-Path $work 'sub/rel.db' | Should -Exist
    }
}

Describe 'Get-GeoConnection and Disconnect-GeoOrchestration' {
    AfterEach { Disconnect-GeoOrchestration }

    It 'shows the default store with nothing configured, and creates nothing' {
        $connection = Get-GeoConnection
        $connection.Store | Should -Be 'SQLite'
        $connection.Source | Should -Be 'default'
        $connection.CreatesStore | Should -BeTrue
        $connection.Path | Should -Be (Join-Path $env:XDG_DATA_HOME 'geoorchestration/geo.db')
        $connection.Location | Should -Be $connection.Path
        $env:XDG_DATA_HOME | Should -Not -Exist
    }

    It 'shows where the store came from: Connect-GeoOrchestration, GEO_CONNECTION, -Connection' {
        Connect-GeoOrchestration -ConnectionString $pg -Schema etl | Out-Null
        $connected = Get-GeoConnection
        $connected.Source | Should -Be 'Connect-GeoOrchestration'
        $connected.Store | Should -Be 'PostgreSQL'
        $connected.Schema | Should -Be 'etl'
        $connected.CreatesStore | Should -BeFalse
        Disconnect-GeoOrchestration

        $env:GEO_CONNECTION = 'sqlite:/srv/geo.db'
        try { $fromEnvironment = Get-GeoConnection } finally { $env:GEO_CONNECTION = $null }
        $fromEnvironment.Source | Should -Be 'GEO_CONNECTION'
        $fromEnvironment.Path | Should -Be '/srv/geo.db'
        $fromEnvironment.CreatesStore | Should -BeFalse

        (Get-GeoConnection -Connection 'sqlite:/srv/other.db').Source | Should -Be '-Connection'
    }

    It 'never shows a password, in the object, its views or its verbose line' {
        $text = Get-GeoConnection -Connection 'Host=db.example;Port=6543;Username=geo;Password=s3cr3t;Database=geo' -Verbose 4>&1 |
            ForEach-Object { $_ | Format-List * | Out-String; $_ | Format-Table | Out-String }
        ($text -join "`n") | Should -Not -Match 's3cr3t'
        ($text -join "`n") | Should -Match 'db.example:6543/geo'
    }

    It 'Disconnect-GeoOrchestration goes back to GEO_CONNECTION, else the default' {
        Connect-GeoOrchestration -Path (Join-Path $TestDrive 'connected.db') | Out-Null
        (Get-GeoConnection).Source | Should -Be 'Connect-GeoOrchestration'

        Disconnect-GeoOrchestration
        (Get-GeoConnection).Source | Should -Be 'default'

        Connect-GeoOrchestration -Path (Join-Path $TestDrive 'connected.db') | Out-Null
        $env:GEO_CONNECTION = 'sqlite:/srv/geo.db'
        try { $now = Disconnect-GeoOrchestration -PassThru } finally { $env:GEO_CONNECTION = $null }
        $now.Source | Should -Be 'GEO_CONNECTION'
        Join-Path $TestDrive 'connected.db' | Should -Not -Exist
    }
}

Describe '-Verbose names the store' {
    BeforeAll {
        $script:file = Join-Path $TestDrive 'verbose/geo.db'
        # A password the test server does not need (trust), so it reaches every command's connection string.
        $script:secret = Connect-GeoOrchestration -ConnectionString "$pg;Password=s3cr3t" -Schema (New-TestSchema verbose)
        Disconnect-GeoOrchestration
        Invoke-GeoSchemaDeploy -Connection $secret -Confirm:$false | Out-Null
        $script:job = Invoke-GeoJob hello_world -count 1 -Deploy -Connection "sqlite:$file"

        function Get-StoreLines([scriptblock] $Command) {
            @(& $Command 4>&1 2>$null | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -like 'Store: *' } |
                ForEach-Object Message)
        }
    }

    It '<Name> writes one verbose line naming the SQLite file and where it came from' -ForEach @(
        @{ Name = 'Get-GeoJob'; Command = { Get-GeoJob -Connection "sqlite:$file" -Verbose } }
        @{ Name = 'Get-GeoTask'; Command = { Get-GeoTask $job.JobId -Connection "sqlite:$file" -Verbose } }
        @{ Name = 'Wait-GeoJob'; Command = { Wait-GeoJob $job.JobId -Connection "sqlite:$file" -Verbose } }
        @{ Name = 'Stop-GeoJob'; Command = { Stop-GeoJob $job.JobId -Connection "sqlite:$file" -Confirm:$false -Verbose } }
        @{ Name = 'Restart-GeoJob'; Command = { Restart-GeoJob $job.JobId -Connection "sqlite:$file" -Confirm:$false -Verbose } }
        @{ Name = 'Submit-GeoJob'; Command = { Submit-GeoJob hello_world -count 2 -Connection "sqlite:$file" -Verbose } }
        @{ Name = 'Invoke-GeoJob'; Command = { Invoke-GeoJob hello_world -count 1 -Connection "sqlite:$file" -Verbose -WarningAction SilentlyContinue } }
        @{ Name = 'Invoke-GeoSchemaDeploy'; Command = { Invoke-GeoSchemaDeploy -Connection "sqlite:$file" -Confirm:$false -Verbose } }
        @{ Name = 'Start-GeoWorker'; Command = { Start-GeoWorker -ExitWhenIdle 0.5 -Connection "sqlite:$file" -Verbose } }
    ) {
        $lines = @(Get-StoreLines $Command)
        $lines | Should -HaveCount 1
        $lines[0] | Should -Be "Store: SQLite $file (-Connection)"
    }

    It 'names the default store as such, and Connect-GeoOrchestration names the store it set' {
        Get-StoreLines { Get-GeoJob -Verbose } | Should -Be "Store: SQLite $(Join-Path $env:XDG_DATA_HOME 'geoorchestration/geo.db') (default)"
        Get-StoreLines { Connect-GeoOrchestration -Path $file -Verbose } | Should -Be "Store: SQLite $file (Connect-GeoOrchestration)"
        Disconnect-GeoOrchestration
    }

    It 'names a PostgreSQL store with its schema and without the password' {
        $lines = @(Get-StoreLines { Get-GeoJob -Connection $secret -Verbose })
        $lines | Should -HaveCount 1
        $lines[0] | Should -BeLike "Store: PostgreSQL *(schema $($secret.Schema)) (Connect-GeoOrchestration)"
        $lines[0] | Should -Not -Match 's3cr3t'
    }
}
