#!/usr/bin/env pwsh
# Generates the module's cmdlet help (MAML, module/en-US/GeoOrchestration.PowerShell.dll-Help.xml)
# from the markdown in module/help/ (synopsis, description, examples, parameter descriptions) and
# the built cmdlets' own metadata (syntax, types, pipeline input, defaults). Run after a build when
# the markdown or a cmdlet's parameters change, and commit the result:
#   dotnet pwsh ./tools/Build-CmdletHelp.ps1
# The Pester suite Help.Tests.ps1 fails when the committed file is out of date.
[CmdletBinding()]
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/GeoOrchestration/GeoOrchestration.psd1'),
    [string] $Source = (Join-Path $PSScriptRoot '../module/help'),
    [string] $Destination = (Join-Path $PSScriptRoot '../module/en-US/GeoOrchestration.PowerShell.dll-Help.xml')
)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot 'CmdletHelp.psm1') -Force
$xml = New-CmdletHelpXml -ModulePath $ModulePath -Source $Source
[IO.File]::WriteAllText((Resolve-Path -LiteralPath (Split-Path $Destination)).Path + '/' + (Split-Path $Destination -Leaf), $xml)
Write-Host "Cmdlet help -> $Destination"
