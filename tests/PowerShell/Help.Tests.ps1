# Cmdlet help as Get-Help shows it, checked against the cmdlets' own metadata: SYNTAX with -WhatIf
# and -Confirm where the cmdlet supports ShouldProcess, INPUTS and OUTPUTS, RELATED LINKS, only
# real job types in the examples. Works on whatever cmdlets the module exports.
BeforeDiscovery {
    # From the manifest, without importing the module during discovery (a second import of it in
    # the run, as the other suites do with -Force, would then fail to load its assemblies).
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1')
    $script:commands = @((Import-PowerShellDataFile (Get-ModuleManifestPath)).CmdletsToExport | ForEach-Object { @{ Name = $_ } })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1')
    Import-Module (Get-ModuleManifestPath) -Force
}

Describe 'Help of <Name>' -ForEach $commands {
    BeforeAll {
        $command = Get-Command $Name
        $help = Get-Help $Name -Full
        # Wide enough that no syntax line wraps (Invoke-GeoJob's is over 300 characters).
        $text = $help | Out-String -Width 1000
    }

    It 'shows -WhatIf and -Confirm in every syntax line exactly when the cmdlet supports ShouldProcess' {
        $supports = $command.Parameters.ContainsKey('WhatIf')
        foreach ($item in @($help.Syntax.SyntaxItem)) {
            $names = @($item.Parameter.Name)
            ($names -contains 'WhatIf') | Should -Be $supports -Because "$Name SupportsShouldProcess is $supports"
            ($names -contains 'Confirm') | Should -Be $supports -Because "$Name SupportsShouldProcess is $supports"
        }
        if ($supports) { $text | Should -Match '\[-WhatIf\] \[-Confirm\]' }
    }

    It 'has one syntax line per parameter set, with the parameters of that set' {
        @($help.Syntax.SyntaxItem).Count | Should -Be @($command.ParameterSets).Count
        $common = [System.Management.Automation.Cmdlet]::CommonParameters + @('UseTransaction')
        foreach ($set in $command.ParameterSets) {
            $expected = @($set.Parameters.Name | Where-Object { $_ -notin $common } | Sort-Object)
            $matching = @($help.Syntax.SyntaxItem | Where-Object { (@($_.Parameter.Name | Sort-Object) -join ',') -eq ($expected -join ',') })
            $matching.Count | Should -BeGreaterThan 0 -Because "the set $($set.Name) of $Name has $($expected -join ', ')"
        }
    }

    It 'lists as INPUTS the types of the parameters that bind from the pipeline' {
        $inputs = @($help.inputTypes.inputType.type.name)
        $bound = @($command.Parameters.Values | Where-Object { $_.ParameterSets.Values | Where-Object { $_.ValueFromPipeline -or $_.ValueFromPipelineByPropertyName } })
        if ($bound) {
            foreach ($parameter in $bound) {
                $type = if ($parameter.ParameterType.IsArray) { $parameter.ParameterType.GetElementType() } else { $parameter.ParameterType }
                $inputs | Should -Contain $type.FullName -Because "-$($parameter.Name) of $Name binds from the pipeline"
                "$($help.inputTypes.inputType.description.Text)" | Should -Match "-$($parameter.Name) binds"
            }
        }
        else { $inputs | Should -Be @('None') }
    }

    It 'lists as OUTPUTS the types of its [OutputType]' {
        $outputs = @($help.returnValues.returnValue.type.name)
        $declared = @($command.OutputType.Name | Where-Object { $_ -ne 'System.Void' })
        if ($declared) { $outputs | Sort-Object | Should -Be ($declared | Sort-Object) }
        else { $outputs | Should -Be @('None') }
        foreach ($description in $help.returnValues.returnValue.description) { "$($description.Text)" | Should -Not -BeNullOrEmpty }
    }

    It 'links to about_GeoOrchestration and only to commands and topics that exist' {
        $links = @($help.relatedLinks.navigationLink.linkText | ForEach-Object { "$_".Trim() })
        $links | Should -Contain 'about_GeoOrchestration'
        $links.Count | Should -BeGreaterThan 1 -Because "$Name should link to the commands used with it"
        foreach ($link in $links | Where-Object { $_ -ne 'about_GeoOrchestration' }) {
            Get-Command $link -Module GeoOrchestration -ErrorAction SilentlyContinue | Should -Not -BeNullOrEmpty -Because "$Name links to $link"
        }
    }

    It 'documents only parameters the cmdlet has' {
        foreach ($parameter in @($help.parameters.parameter)) {
            $command.Parameters.ContainsKey($parameter.name) | Should -BeTrue -Because "the help of $Name lists -$($parameter.name)"
        }
    }
}

Describe 'Connect-GeoOrchestration' {
    It 'has no -Connection parameter: it sets the session''s store and works on none' {
        (Get-Command Connect-GeoOrchestration).Parameters.Keys | Should -Not -Contain 'Connection'
        { Get-Help Connect-GeoOrchestration -Parameter Connection -ErrorAction Stop } | Should -Throw -ErrorId 'NoParmsFound,Microsoft.PowerShell.Commands.GetHelpCommand'
        # Every other command keeps it.
        (Get-Command Get-GeoJob).Parameters.Keys | Should -Contain 'Connection'
    }
}

Describe 'Job types in the documentation' {
    It 'names only registered job types in help examples, about_GeoOrchestration and README.md' {
        $registered = @(Get-GeoJobType).Name
        $root = Get-RepositoryRoot
        $texts = @{
            'README.md'              = Get-Content -Raw (Join-Path $root 'README.md')
            'about_GeoOrchestration' = Get-Content -Raw (Join-Path $root 'module/en-US/about_GeoOrchestration.help.txt')
        }
        foreach ($command in Get-Command -Module GeoOrchestration -CommandType Cmdlet) {
            $texts[$command.Name] = (Get-Help $command.Name -Examples).Examples.Example.Code -join "`n"
        }
        foreach ($source in $texts.Keys) {
            # The job type of Submit-GeoJob / Invoke-GeoJob (first positional or -JobType) and of geoorch submit/run.
            # followed by what a command line has next (parameters, a hashtable, a pipe, the line's end), not prose.
            $pattern = '(?m)(?:(?:Submit|Invoke)-GeoJob\s+(?:-JobType\s+)?|geoorch\s+(?:submit|run)\s+|--\s+run\s+)([A-Za-z_]\w*)(?=\s*(?:@\{|-\w|`|\||\)|;|$))'
            foreach ($match in [regex]::Matches($texts[$source], $pattern)) {
                $registered | Should -Contain $match.Groups[1].Value -Because "$source uses the job type $($match.Groups[1].Value)"
            }
        }
        $texts.Values -join "`n" | Should -Not -Match 'nightly_tiles'
    }
}
