# The module's namespaces say PowerShell (issue 18, part 4): the FullyQualifiedErrorId a user sees
# names the command's real type (GeoOrchestration.PowerShell.Commands.*), the objects the commands
# output are GeoOrchestration.PowerShell.* (where they were before the rename, so scripts that test
# `-is [GeoOrchestration.PowerShell.GeoJob]` keep working), and every type the format and type files name is
# one the module has, so the views still select what the commands write. On an embedded store of
# the file's own.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1')
    Import-Module (Get-ModuleManifestPath) -Force
    $script:folder = Join-Path ([IO.Path]::GetTempPath()) "geoorch-ns-$([guid]::NewGuid().ToString('N').Substring(0, 8))"
    Connect-GeoOrchestration -Path (Join-Path $folder 'namespaces.db') | Out-Null
    Invoke-GeoSchemaDeploy -Confirm:$false | Out-Null
    $script:commands = Get-Command -Module GeoOrchestration
    $script:moduleTypes = $commands[0].ImplementingType.Assembly.GetTypes() | ForEach-Object FullName
}

AfterAll {
    Disconnect-GeoOrchestration
    Remove-Item -Recurse -Force $folder -ErrorAction Ignore
}

Describe 'GeoOrchestration.PowerShell namespaces' {
    It 'every command is implemented in GeoOrchestration.PowerShell.Commands' {
        $commands.Count | Should -BeGreaterThan 10
        $commands | ForEach-Object { $_.ImplementingType.FullName } | Where-Object { $_ -notlike 'GeoOrchestration.PowerShell.Commands.*' } |
            Should -BeNullOrEmpty
    }

    It 'an error''s FullyQualifiedErrorId names the command''s real namespace' {
        Get-GeoJob 0123456789abcdef0123 -ErrorAction SilentlyContinue -ErrorVariable missing | Should -BeNullOrEmpty
        $missing[0].FullyQualifiedErrorId | Should -Be 'GeoNotFound,GeoOrchestration.PowerShell.Commands.GetGeoJobCommand'
        { Submit-GeoJob hello_world -count 0 -WhatIf -ErrorAction Stop } |
            Should -Throw -ErrorId 'GeoValidation,GeoOrchestration.PowerShell.Commands.SubmitGeoJobCommand'
    }

    It 'what the commands output is GeoOrchestration.PowerShell.* (the names users have in scripts and views)' {
        # System.Void: a command that writes nothing (a worker); System.Boolean: what a Test- command's -Quiet answers (Test-GeoWorkerHealth).
        $outputs = $commands.OutputType.Name | Where-Object { $_ -notin 'System.Void', 'System.Boolean' } | Sort-Object -Unique
        $outputs.Count | Should -BeGreaterThan 3
        $outputs | Where-Object { $_ -notmatch '^GeoOrchestration\.PowerShell\.[A-Za-z]+$' } | Should -BeNullOrEmpty
        (Invoke-GeoJob hello_world -count 1).GetType().FullName | Should -Be 'GeoOrchestration.PowerShell.GeoJob'
    }

    It 'every type the format and type files name is a type of the module' {
        $root = Split-Path (Get-ModuleManifestPath)
        $format = [xml](Get-Content -Raw (Join-Path $root 'GeoOrchestration.format.ps1xml'))
        $types = [xml](Get-Content -Raw (Join-Path $root 'GeoOrchestration.types.ps1xml'))
        $named = @($format.SelectNodes('//ViewSelectedBy/TypeName').InnerText) + @($types.SelectNodes('/Types/Type/Name').InnerText) |
            ForEach-Object { $_ -replace '^Deserialized\.', '' } | Sort-Object -Unique
        $named.Count | Should -BeGreaterThan 4
        $named | Where-Object { $_ -notin $moduleTypes } | Should -BeNullOrEmpty
    }
}
