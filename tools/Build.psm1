# Helpers of build.ps1: run native commands, count xunit and Pester results, package the module.
$ErrorActionPreference = 'Stop'

function Invoke-Native {
    # Runs a program and stops the build when it fails. No param block: its options (-c) must reach
    # the program, not bind to this function's parameters.
    $Command, $Arguments = $args
    & $Command @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$Command $($Arguments -join ' ') failed with exit code $LASTEXITCODE" }
}

function Invoke-XunitTests {
    # dotnet test of the solution; counts from the per-assembly summary lines
    # ("Passed!  - Failed: 0, Passed: 120, Skipped: 0, Total: 120").
    param([string] $Configuration)
    $counts = @{ Passed = 0; Failed = 0; Skipped = 0 }
    $failedNames = [System.Collections.Generic.List[string]]::new()
    dotnet test GeoOrchestration.sln -c $Configuration --no-build 2>&1 | ForEach-Object {
        $line = "$_"
        Write-Host $line
        # "  Failed Namespace.Class.Method(args) [2 s]": kept for the summary, since CI shows only the log's tail.
        if ($line -match '^\s+Failed\s+(\S.*?)\s+\[[^\]]+\]\s*$') { $failedNames.Add($Matches[1]) }
        if ($line -match '(Passed|Failed)!\s+-\s+Failed:\s+(\d+),\s+Passed:\s+(\d+),\s+Skipped:\s+(\d+)') {
            $counts.Failed += [int]$Matches[2]
            $counts.Passed += [int]$Matches[3]
            $counts.Skipped += [int]$Matches[4]
        }
    }
    [pscustomobject]@{ Passed = $counts.Passed; Failed = $counts.Failed; Skipped = $counts.Skipped; ExitCode = $LASTEXITCODE; FailedNames = $failedNames }
}

function Get-PesterModulePath {
    # Pester comes from the NuGet source, restored by tests/GeoOrchestration.PowerShell.Tests
    # (<PackageDownload Include="Pester" Version="[5.7.1]" />) into the global packages folder.
    param([string] $Version = '5.7.1')
    $root = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else {
        ((dotnet nuget locals global-packages --list) -replace '^global-packages:\s*', '').Trim()
    }
    $manifest = Join-Path $root "pester/$Version/tools/Pester.psd1"
    if (-not (Test-Path $manifest)) { throw "Pester $Version was not restored to $manifest; run dotnet build (or dotnet restore) of the solution first." }
    $manifest
}

function Invoke-PesterTests {
    # Runs the Pester suites against the built out/GeoOrchestration module. A failure anywhere
    # (a test, a BeforeAll, a whole file) counts as failed; a test that did not run counts as skipped.
    param([string] $Path)
    Import-Module (Get-PesterModulePath) -Force
    # The suites start one throwaway PostgreSQL for the run (unless GEO_TEST_PG names one); stop it after.
    Import-Module (Join-Path $Path 'TestSupport.psm1')
    $configuration = New-PesterConfiguration
    $configuration.Run.Path = $Path
    $configuration.Run.PassThru = $true
    $configuration.Output.Verbosity = 'Detailed'
    try { $result = Invoke-Pester -Configuration $configuration }
    finally { Stop-TestPostgres }
    [pscustomobject]@{
        Passed  = $result.PassedCount
        Failed  = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
        Skipped = $result.SkippedCount + $result.NotRunCount
        FailedNames = @($result.Failed | ForEach-Object { $_.ExpandedPath }) + @($result.FailedBlocks | ForEach-Object { "$($_.Path -join '.') (block)" }) +
            @($result.FailedContainers | ForEach-Object { "$($_.Item) (file)" })
    }
}

function New-ModulePackage {
    # The .nupkg Publish-PSResource would publish, made by PSResourceGet itself from the module folder.
    param([string] $ModulePath, [string] $Destination)
    New-Item -ItemType Directory -Force -Path $Destination | Out-Null
    $version = (Import-PowerShellDataFile (Join-Path $ModulePath 'GeoOrchestration.psd1')).ModuleVersion
    Remove-Item (Join-Path $Destination "GeoOrchestration.$version.nupkg") -ErrorAction Ignore
    Compress-PSResource -Path $ModulePath -DestinationPath $Destination
    Join-Path $Destination "GeoOrchestration.$version.nupkg"
}


function Start-TestDockerEngine {
    # Starts dockerd through tools/docker-engine.sh when no engine answers. Where none can start (not
    # root, docker.io missing) the tests that need one fail and say so; the build itself goes on.
    $script = Join-Path $PSScriptRoot 'docker-engine.sh'
    if (-not (Get-Command bash -ErrorAction Ignore)) { return $false }
    bash $script start | Write-Host
    $LASTEXITCODE -eq 0
}

function Stop-TestDockerEngine {
    # Removes the containers, networks and volumes the tests left (labelled), and stops dockerd when
    # Start-TestDockerEngine started it; an engine that was already running keeps running.
    param([bool] $Started)
    if (-not $Started) { return }
    bash (Join-Path $PSScriptRoot 'docker-engine.sh') stop | Write-Host
}
Export-ModuleMember -Function Invoke-Native, Invoke-XunitTests, Get-PesterModulePath, Invoke-PesterTests, New-ModulePackage, Start-TestDockerEngine, Stop-TestDockerEngine
