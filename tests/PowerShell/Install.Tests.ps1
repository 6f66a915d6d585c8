# The package build.ps1 -Task Package makes installs with Install-PSResource from a local file
# repository and imports by name, the way users install from a gallery.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1')
    Import-Module (Join-Path (Get-RepositoryRoot) 'tools/Build.psm1') -Force
}

Describe 'Module package' {
    It 'installs with Install-PSResource and imports by name' {
        $repository = Join-Path $TestDrive 'repository'
        $package = New-ModulePackage -ModulePath (Split-Path (Get-ModuleManifestPath)) -Destination $repository
        $package | Should -Exist
        # A home of its own: the repository registration and the installed module stay in the test's folder.
        $userHome = Join-Path $TestDrive 'home'
        # The folders must exist: .NET reports a missing data folder as '', and PSResourceGet would
        # then keep its repository list in the current directory.
        New-Item -ItemType Directory -Path (Join-Path $userHome '.local/share'), (Join-Path $userHome '.config') | Out-Null
        $script = @"
`$ErrorActionPreference = 'Stop'
Register-PSResourceRepository -Name GeoLocal -Uri '$repository' -Trusted
Install-PSResource -Name GeoOrchestration -Repository GeoLocal -Scope CurrentUser
`$module = Import-Module GeoOrchestration -PassThru
'installed: ' + `$module.Version + ' at ' + `$module.ModuleBase
'types: ' + ((Get-GeoJobType).Name -join ',')
"@
        $result = Invoke-ChildPwsh -Script $script -Environment @{ HOME = $userHome; XDG_DATA_HOME = (Join-Path $userHome '.local/share'); XDG_CONFIG_HOME = (Join-Path $userHome '.config'); PSModulePath = '' }
        $result.ExitCode | Should -Be 0 -Because $result.Output
        $version = (Import-PowerShellDataFile (Get-ModuleManifestPath)).ModuleVersion
        $result.Output | Should -Match "installed: $([regex]::Escape($version)) at $([regex]::Escape($userHome))"
        $result.Output | Should -Match 'types: blob_inventory,hello_world,noop'
    }
}
