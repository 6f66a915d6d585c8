# The module as users load it: import, commands, help, formats, completion. No database needed.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1')
    Import-Module (Get-ModuleManifestPath) -Force
}

Describe 'Import-Module GeoOrchestration' {
    It 'exports the cmdlets of the manifest, each with help and a real example' {
        $commands = Get-Command -Module GeoOrchestration
        $commands.Name | Should -Be @(
            'Connect-GeoOrchestration', 'Disconnect-GeoOrchestration', 'Get-GeoConnection', 'Get-GeoJob', 'Get-GeoJobEvent', 'Get-GeoJobType', 'Get-GeoRetention', 'Get-GeoTask', 'Get-GeoWorker', 'Invoke-GeoJob', 'Invoke-GeoSchemaDeploy',
            'Remove-GeoJob', 'Restart-GeoJob', 'Set-GeoRetention', 'Start-GeoWorker', 'Stop-GeoJob', 'Submit-GeoJob', 'Test-GeoWorkerHealth', 'Wait-GeoJob')
        foreach ($command in $commands) {
            $help = Get-Help $command.Name -Examples
            $help.Synopsis | Should -Not -BeNullOrEmpty -Because "$($command.Name) needs a synopsis"
            @($help.Examples.Example).Count | Should -BeGreaterThan 0 -Because "$($command.Name) needs an example"
            $help.Examples.Example[0].Code | Should -Match $command.Name -Because "an example of $($command.Name) runs it"
        }
    }

    It 'describes every parameter in the help' {
        $common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters
        foreach ($command in Get-Command -Module GeoOrchestration) {
            foreach ($name in $command.Parameters.Keys | Where-Object { $_ -notin $common }) {
                $parameter = Get-Help $command.Name -Parameter $name
                "$($parameter.Description.Text)" | Should -Not -BeNullOrEmpty -Because "$($command.Name) -$name needs a description"
            }
        }
    }

    It 'has about help with the concepts and the connection order' {
        $about = Get-Help about_GeoOrchestration | Out-String
        $about | Should -Match 'CONNECTION ORDER'
        $about | Should -Match 'GEO_CONNECTION'
        $about | Should -Match 'Run key'
    }

    It 'ships cmdlet help generated from the current markdown and cmdlets' {
        Import-Module (Join-Path (Get-RepositoryRoot) 'tools/CmdletHelp.psm1') -Force
        $fresh = New-CmdletHelpXml -ModulePath (Get-ModuleManifestPath) -Source (Join-Path (Get-RepositoryRoot) 'module/help')
        $shipped = Get-Content -Raw (Join-Path (Split-Path (Get-ModuleManifestPath)) 'en-US/GeoOrchestration.PowerShell.dll-Help.xml')
        ($fresh -replace '\r\n', "`n").Trim() | Should -Be ($shipped -replace '\r\n', "`n").Trim() -Because 'tools/Build-CmdletHelp.ps1 regenerates it'
    }
}

Describe 'Get-GeoJobType' {
    It 'lists the built-in job types with stages and parameter rules, without a database' {
        $types = Get-GeoJobType
        $types.Name | Should -Contain 'hello_world'
        $hello = Get-GeoJobType hello_world
        $hello | Should -BeOfType GeoOrchestration.PowerShell.GeoJobType
        $hello.Stages.Name | Should -Be @('greet', 'reply', 'summarize')
        $count = $hello.Parameters | Where-Object Name -eq count
        $count.Type | Should -Be 'integer'
        $count.Maximum | Should -Be 1000
        $count.ExclusiveWith | Should -Be @('names')
    }

    It 'refuses an unknown name with GeoValidation and accepts a pattern that matches nothing' {
        { Get-GeoJobType no_such_type -ErrorAction Stop } | Should -Throw -ErrorId 'GeoValidation,GeoOrchestration.PowerShell.Commands.GetGeoJobTypeCommand'
        Get-GeoJobType 'zz*' | Should -BeNullOrEmpty
    }
}

Describe 'Tab completion' {
    It 'completes -JobType with the registered job types' {
        $line = 'Submit-GeoJob -JobType hel'
        $result = TabExpansion2 -inputScript $line -cursorColumn $line.Length
        $result.CompletionMatches.CompletionText | Should -Be @('hello_world')
    }

    It 'offers the job type''s parameters once -JobType names it' {
        $line = 'Submit-GeoJob hello_world -co'
        $result = TabExpansion2 -inputScript $line -cursorColumn $line.Length
        $result.CompletionMatches.CompletionText | Should -Contain '-count'
        $line = 'Invoke-GeoJob -JobType noop -del'
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Contain '-delay_ms'
    }

    It 'completes -Status of Get-GeoJob with the job statuses' {
        $line = 'Get-GeoJob -Status comp'
        $result = TabExpansion2 -inputScript $line -cursorColumn $line.Length
        $result.CompletionMatches.CompletionText | Should -Be @('completed', 'completed_with_errors')
    }
}

Describe 'Connect-GeoOrchestration' {
    It 'outputs the connection with the password masked, in every form' {
        $connection = Connect-GeoOrchestration -ConnectionString 'Host=db.example;Port=6543;Username=geo;Password=s3cr3t;Database=geo' -Schema geo_test
        $connection.Server | Should -Be 'db.example'
        $connection.Schema | Should -Be 'geo_test'
        ($connection | Format-List * | Out-String) | Should -Not -Match 's3cr3t'
        ($connection | ConvertTo-Json) | Should -Not -Match 's3cr3t'
        "$connection" | Should -Not -Match 's3cr3t'
        $connection.ConnectionString | Should -Match '\*\*\*\*\*'
    }

    It 'builds the connection from -Server and -Credential' {
        $credential = [pscredential]::new('geo', (ConvertTo-SecureString 'p;w=d' -AsPlainText -Force))
        $connection = Connect-GeoOrchestration -Server 127.0.0.1 -Port 5433 -Database geo -Credential $credential
        $connection.Username | Should -Be 'geo'
        $connection.Port | Should -Be 5433
        $connection.ConnectionString | Should -Not -Match 'p;w=d'
    }

    It 'refuses an invalid schema name with GeoValidation' {
        { Connect-GeoOrchestration -ConnectionString 'Host=x' -Schema 'bad name;' -ErrorAction Stop } |
            Should -Throw -ErrorId 'GeoValidation,GeoOrchestration.PowerShell.Commands.ConnectGeoOrchestrationCommand'
    }
}
