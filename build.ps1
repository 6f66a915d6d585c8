#!/usr/bin/env pwsh
# Builds the solution and runs every test suite: xunit always, Pester wherever pwsh runs this
# script and *.Tests.ps1 files exist. CI on machines without pwsh runs the README's dotnet command.
[CmdletBinding()]
param(
    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)
$ErrorActionPreference = 'Stop'
Set-Location $PSScriptRoot

dotnet build GeoOrchestration.sln -c $Configuration
if ($LASTEXITCODE -ne 0) { throw "dotnet build failed ($LASTEXITCODE)" }

dotnet test GeoOrchestration.sln -c $Configuration --no-build
if ($LASTEXITCODE -ne 0) { throw "dotnet test failed ($LASTEXITCODE)" }

$pester = Get-ChildItem -Path tests -Recurse -Filter *.Tests.ps1
if ($pester) {
    Import-Module Pester -MinimumVersion 5.0
    $result = Invoke-Pester -Path $pester.FullName -PassThru -Output Detailed
    if ($result.FailedCount -gt 0 -or ($env:CI -eq 'true' -and $result.SkippedCount -gt 0)) {
        throw "Pester: $($result.FailedCount) failed, $($result.SkippedCount) skipped"
    }
}
