#!/usr/bin/env pwsh
# Build, test and package GeoOrchestration. The README's test command runs this with pwsh from the
# repository's tool manifest, so a machine with only the .NET SDK can run every suite:
#   dotnet tool restore && dotnet pwsh ./build.ps1 -Task Test
#
#   -Task Build    dotnet build of the solution; lays out the module in out/GeoOrchestration/
#   -Task Test     Build, then xunit (dotnet test) and Pester (tests/PowerShell/*.Tests.ps1, against
#                  out/GeoOrchestration in this pwsh); last line "N passed, N failed, N skipped" for both
#   -Task Package  Build, then the module package Publish-PSResource would publish: out/packages/GeoOrchestration.<version>.nupkg
#   -Task Clean    dotnet clean and remove out/
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Package', 'Clean')]
    [string] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)
$ErrorActionPreference = 'Stop'
Set-Location $PSScriptRoot
Import-Module (Join-Path $PSScriptRoot 'tools/Build.psm1') -Force

switch ($Task) {
    'Clean' {
        Invoke-Native dotnet clean GeoOrchestration.sln -c $Configuration -v quiet
        Remove-Item -Recurse -Force (Join-Path $PSScriptRoot 'out') -ErrorAction Ignore
    }
    'Build' {
        Invoke-Native dotnet build GeoOrchestration.sln -c $Configuration
    }
    'Package' {
        Invoke-Native dotnet build GeoOrchestration.sln -c $Configuration
        $package = New-ModulePackage -ModulePath (Join-Path $PSScriptRoot 'out/GeoOrchestration') -Destination (Join-Path $PSScriptRoot 'out/packages')
        Write-Host "Package: $package"
    }
    'Test' {
        Invoke-Native dotnet build GeoOrchestration.sln -c $Configuration
        # The container tests and the PostgreSQL fixture's Testcontainers path need a Docker engine:
        # one is started here when none answers (and stopped after, with whatever the tests left).
        $engine = Start-TestDockerEngine
        try {
            $xunit = Invoke-XunitTests -Configuration $Configuration
            $pester = Invoke-PesterTests -Path (Join-Path $PSScriptRoot 'tests/PowerShell')
        }
        finally { Stop-TestDockerEngine $engine }
        $passed = $xunit.Passed + $pester.Passed
        $failed = $xunit.Failed + $pester.Failed
        $skipped = $xunit.Skipped + $pester.Skipped
        # The names of what failed, again at the end: CI keeps only the tail of a long log.
        foreach ($name in @($xunit.FailedNames) + @($pester.FailedNames)) { if ($name) { Write-Host "failed: $name" } }
        Write-Host "xunit: $($xunit.Passed) passed, $($xunit.Failed) failed, $($xunit.Skipped) skipped (dotnet test exit $($xunit.ExitCode))"
        Write-Host "Pester: $($pester.Passed) passed, $($pester.Failed) failed, $($pester.Skipped) skipped"
        $status = 0
        if ($xunit.ExitCode -ne 0 -or $failed -gt 0) { $status = 1 }
        if ($passed -eq 0) { Write-Host 'No test ran.'; $status = 1 }
        # Under CI a skipped test is a failure: a test that cannot run here must say why by failing.
        if ($env:CI -eq 'true' -and $skipped -gt 0) { Write-Host "$skipped test(s) skipped under CI=true."; $status = 1 }
        Write-Host "$passed passed, $failed failed, $skipped skipped"
        exit $status
    }
}
