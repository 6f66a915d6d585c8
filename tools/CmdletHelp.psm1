# Turns module/help/*.md plus the cmdlets' metadata into MAML, the format Get-Help reads for
# binary cmdlets (PlatyPS, the usual tool, is not on the package source).
$ErrorActionPreference = 'Stop'
$common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters
# The common parameters a SupportsShouldProcess cmdlet has: SYNTAX and PARAMETERS show them, as
# PowerShell's own help does (the other common parameters stay behind <CommonParameters>).
$shouldProcess = 'WhatIf', 'Confirm'
# Descriptions of the parameters PowerShell adds itself (ShouldProcess, SupportsPaging), used where
# the markdown does not describe them.
$shouldProcessText = @{
    WhatIf            = 'Shows what would happen if the command ran: the same validation and one "What if" line per item; nothing is changed.'
    Confirm           = 'Prompts for confirmation before each change. -Confirm:$false never prompts (for runbooks and -NonInteractive sessions).'
    First             = 'Outputs at most this many objects.'
    Skip              = 'Skips this many objects before the first one output.'
    IncludeTotalCount = 'Outputs first how many objects there are in all.'
}

function Read-HelpMarkdown {
    # Sections of one markdown file: Synopsis, Description, Examples (Title, Code, Remarks, Directives),
    # Parameters (name -> text), Links (RELATED LINKS: command or about_ topic names). HTML comments
    # are not help text: an example's <!-- test: ... --> lines are directives for the test that runs
    # it (tests/PowerShell/HelpExamples.Tests.ps1).
    param([string] $Path)
    $help = @{ Synopsis = ''; Description = ''; Examples = [System.Collections.Generic.List[object]]::new(); Parameters = @{}; Links = [System.Collections.Generic.List[string]]::new() }
    $section = $null; $example = $null; $parameter = $null; $inCode = $false; $comment = $null
    foreach ($line in Get-Content -LiteralPath $Path) {
        if ($inCode) {
            if ($line -match '^```') { $inCode = $false } else { $example.Code += "$line`n" }
            continue
        }
        if ($null -ne $comment -or $line -match '^\s*<!--') {
            $comment = if ($null -eq $comment) { $line } else { "$comment`n$line" }
            if ($line -notmatch '-->\s*$') { continue }
            if ($example -and $comment -match '(?s)^\s*<!--\s*test:\s*(.*?)\s*-->\s*$') { $example.Directives += $Matches[1] }
            $comment = $null
            continue
        }
        if ($line -match '^## (.+)$') { $section = $Matches[1].Trim(); $example = $null; $parameter = $null; continue }
        if ($line -match '^### (.+)$') {
            if ($section -eq 'EXAMPLES') { $example = @{ Title = $Matches[1].Trim(); Code = ''; Remarks = ''; Directives = @() }; $help.Examples.Add($example) }
            elseif ($section -eq 'PARAMETERS') { $parameter = $Matches[1].Trim().TrimStart('-'); $help.Parameters[$parameter] = '' }
            continue
        }
        if ($line -match '^```' -and $example) { $inCode = $true; continue }
        if ($line -match '^# ' -or [string]::IsNullOrWhiteSpace($line)) { continue }
        switch ($section) {
            'SYNOPSIS' { $help.Synopsis = ($help.Synopsis + ' ' + $line).Trim() }
            'DESCRIPTION' { $help.Description = ($help.Description + ' ' + $line).Trim() }
            'EXAMPLES' { if ($example) { $example.Remarks = ($example.Remarks + ' ' + $line).Trim() } }
            'PARAMETERS' { if ($parameter) { $help.Parameters[$parameter] = ($help.Parameters[$parameter] + ' ' + $line).Trim() } }
            # "- [Get-GeoJob](Get-GeoJob.md)" or "- about_GeoOrchestration": the name is the link.
            'RELATED LINKS' { if ($line -match '^\s*[-*]\s*\[?([\w-]+)\]?') { $help.Links.Add($Matches[1]) } }
        }
    }
    $help
}

function Get-PipelineText {
    param($Parameter)
    $ways = @()
    if ($Parameter.ValueFromPipeline) { $ways += 'ByValue' }
    if ($Parameter.ValueFromPipelineByPropertyName) { $ways += 'ByPropertyName' }
    if ($ways) { "True ($($ways -join ', '))" } else { 'False' }
}

function New-CmdletHelpXml {
    param([string] $ModulePath, [string] $Source)
    # -Global and no -Force: a session that already imported the module keeps it (tests run this too).
    $module = Import-Module $ModulePath -PassThru -Global
    $settings = [System.Xml.XmlWriterSettings]@{ Indent = $true; Encoding = [System.Text.UTF8Encoding]::new($false) }
    $buffer = [System.IO.StringWriter]::new()
    $w = [System.Xml.XmlWriter]::Create($buffer, $settings)
    $maml = 'http://schemas.microsoft.com/maml/2004/10'
    $cmd = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
    $dev = 'http://schemas.microsoft.com/maml/dev/2004/10'
    $w.WriteStartElement('helpItems', 'http://msh')
    $w.WriteAttributeString('schema', 'maml')
    $commands = Get-Command -Module $module.Name -CommandType Cmdlet | Sort-Object Name
    $names = @($commands.Name) + @(Get-ChildItem (Join-Path (Split-Path $ModulePath) 'en-US') -Filter 'about_*.help.txt' | ForEach-Object { $_.Name -replace '\.help\.txt$' })
    foreach ($command in $commands) {
        $file = Join-Path $Source "$($command.Name).md"
        if (-not (Test-Path $file)) { throw "No help source for $($command.Name): add $file." }
        $help = Read-HelpMarkdown $file
        $w.WriteStartElement('command', 'command', $cmd)
        $w.WriteAttributeString('xmlns', 'maml', $null, $maml)
        $w.WriteAttributeString('xmlns', 'dev', $null, $dev)
        $w.WriteStartElement('command', 'details', $cmd)
        $w.WriteElementString('command', 'name', $cmd, $command.Name)
        $w.WriteStartElement('maml', 'description', $maml); $w.WriteElementString('maml', 'para', $maml, $help.Synopsis); $w.WriteEndElement()
        $w.WriteElementString('command', 'verb', $cmd, $command.Verb)
        $w.WriteElementString('command', 'noun', $cmd, $command.Noun)
        $w.WriteEndElement()
        $w.WriteStartElement('maml', 'description', $maml); $w.WriteElementString('maml', 'para', $maml, $help.Description); $w.WriteEndElement()

        $w.WriteStartElement('command', 'syntax', $cmd)
        foreach ($set in $command.ParameterSets) {
            $w.WriteStartElement('command', 'syntaxItem', $cmd)
            $w.WriteElementString('maml', 'name', $maml, $command.Name)
            foreach ($p in Get-SyntaxParameters $set) {
                Write-ParameterXml $w $p (Get-ParameterText $help $p.Name) $p.IsMandatory $(if ($p.Position -ge 0) { $p.Position } else { 'named' }) $maml $cmd $dev
            }
            $w.WriteEndElement()
        }
        $w.WriteEndElement()

        $w.WriteStartElement('command', 'parameters', $cmd)
        foreach ($name in $command.Parameters.Keys | Where-Object { $_ -notin $common -or $_ -in $shouldProcess } | Sort-Object) {
            $first = $command.ParameterSets.Parameters | Where-Object Name -eq $name | Select-Object -First 1
            if (-not $shouldProcessText.ContainsKey($name) -and -not $help.Parameters.ContainsKey($name)) { throw "$file does not describe parameter -$name." }
            Write-ParameterXml $w $first (Get-ParameterText $help $name) $first.IsMandatory $(if ($first.Position -ge 0) { $first.Position } else { 'named' }) $maml $cmd $dev
        }
        $w.WriteEndElement()
        # A description of a parameter the cmdlet does not have is help that drifted from the code.
        $extra = $help.Parameters.Keys | Where-Object { -not $command.Parameters.ContainsKey($_) }
        if ($extra) { throw "$file describes -$($extra -join ', -'), which $($command.Name) does not have." }

        $w.WriteStartElement('command', 'inputTypes', $cmd)
        foreach ($input in Get-InputTypes $command) { Write-TypeXml $w 'inputType' $input.Type $input.Text $maml $cmd $dev }
        $w.WriteEndElement()

        $w.WriteStartElement('command', 'returnValues', $cmd)
        foreach ($output in Get-OutputTypes $command) { Write-TypeXml $w 'returnValue' $output.Type $output.Text $maml $cmd $dev }
        $w.WriteEndElement()

        $w.WriteStartElement('command', 'examples', $cmd)
        $number = 0
        foreach ($example in $help.Examples) {
            $number++
            $w.WriteStartElement('command', 'example', $cmd)
            $w.WriteElementString('maml', 'title', $maml, "-------------------------- $($example.Title) --------------------------")
            $w.WriteElementString('dev', 'code', $dev, $example.Code.TrimEnd())
            $w.WriteStartElement('dev', 'remarks', $dev); $w.WriteElementString('maml', 'para', $maml, $example.Remarks); $w.WriteEndElement()
            $w.WriteEndElement()
        }
        if ($number -eq 0) { throw "$file has no example." }
        $w.WriteEndElement()

        $w.WriteStartElement('maml', 'relatedLinks', $maml)
        foreach ($link in Get-RelatedLinks $help $command $names $file) {
            $w.WriteStartElement('maml', 'navigationLink', $maml)
            $w.WriteElementString('maml', 'linkText', $maml, $link)
            $w.WriteElementString('maml', 'uri', $maml, '')
            $w.WriteEndElement()
        }
        $w.WriteEndElement()
        $w.WriteEndElement()
    }
    $w.WriteEndElement()
    $w.Flush()
    # A StringWriter declares utf-16; the file is written as UTF-8.
    $buffer.ToString().Replace('encoding="utf-16"', 'encoding="utf-8"')
}

function Get-SyntaxParameters {
    # One parameter set's parameters as SYNTAX lists them: positional ones by position, then the
    # rest as declared, then -WhatIf and -Confirm where the cmdlet supports ShouldProcess.
    param($Set)
    $own = @($Set.Parameters | Where-Object { $_.Name -notin $common })
    @($own | Where-Object Position -ge 0 | Sort-Object Position) + @($own | Where-Object Position -lt 0) +
        @($shouldProcess | ForEach-Object { $name = $_; $Set.Parameters | Where-Object Name -eq $name })
}

function Get-ParameterText {
    param($Help, [string] $Name)
    if ($Help.Parameters.ContainsKey($Name)) { $Help.Parameters[$Name] } elseif ($shouldProcessText.ContainsKey($Name)) { $shouldProcessText[$Name] } else { '' }
}

function Get-TypeText([type] $Type) {
    # What a user passes: the element type of an array parameter (a pipeline binds one item at a
    # time), Double for Nullable<double>.
    if ($Type.IsArray) { $Type = $Type.GetElementType() }
    if ([Nullable]::GetUnderlyingType($Type)) { $Type = [Nullable]::GetUnderlyingType($Type) }
    $Type.FullName
}

function Get-InputTypes {
    # INPUTS from the parameters that bind from the pipeline: one entry per type, naming the
    # parameters and how they bind (by value; by property name, with the properties' names).
    param($Command)
    $bindings = foreach ($name in $Command.Parameters.Keys | Where-Object { $_ -notin $common }) {
        foreach ($set in $Command.ParameterSets) {
            $p = $set.Parameters | Where-Object Name -eq $name
            if (-not $p -or -not ($p.ValueFromPipeline -or $p.ValueFromPipelineByPropertyName)) { continue }
            $properties = (@($name) + @($p.Aliases)) -join ' or '
            $how = @()
            if ($p.ValueFromPipeline) { $how += "-$name binds it by value" }
            if ($p.ValueFromPipelineByPropertyName) { $how += "-$name binds the $properties property of an input object" }
            [pscustomobject]@{ Type = Get-TypeText $p.ParameterType; Text = ($how -join '; ') + '.' }
            break
        }
    }
    if (-not $bindings) { return [pscustomobject]@{ Type = 'None'; Text = 'This command takes no pipeline input.' } }
    $bindings | Group-Object Type | Sort-Object Name | ForEach-Object { [pscustomobject]@{ Type = $_.Name; Text = ($_.Group.Text | Sort-Object -Unique) -join ' ' } }
}

function Get-OutputTypes {
    # OUTPUTS from the cmdlet's [OutputType] attributes, with the parameter sets they belong to.
    param($Command)
    $declared = foreach ($attribute in $Command.ImplementingType.GetCustomAttributes([System.Management.Automation.OutputTypeAttribute], $true)) {
        foreach ($type in $attribute.Type) {
            $sets = @($attribute.ParameterSetName | Where-Object { $_ -and $_ -ne '__AllParameterSets' })
            [pscustomobject]@{ Type = $type.Name; Sets = $sets }
        }
    }
    $declared = @($declared | Where-Object Type -ne 'System.Void')
    if (-not $declared) { return [pscustomobject]@{ Type = 'None'; Text = 'This command writes no objects to the pipeline.' } }
    foreach ($output in $declared) {
        $text = if ($output.Sets) { "In the parameter set(s) $($output.Sets -join ', ')." }
            elseif ($Command.Parameters.ContainsKey('PassThru')) { 'With -PassThru, one per item changed; without it this command writes nothing.' }
            else { 'The objects this command writes to the pipeline.' }
        [pscustomobject]@{ Type = $output.Type; Text = $text }
    }
}

function Write-TypeXml($w, [string] $element, [string] $type, [string] $text, $maml, $cmd, $dev) {
    $w.WriteStartElement('command', $element, $cmd)
    $w.WriteStartElement('dev', 'type', $dev); $w.WriteElementString('maml', 'name', $maml, $type); $w.WriteEndElement()
    $w.WriteStartElement('maml', 'description', $maml); $w.WriteElementString('maml', 'para', $maml, $text); $w.WriteEndElement()
    $w.WriteEndElement()
}

function Get-RelatedLinks {
    # RELATED LINKS of the markdown, each a command of the module or an about_ topic it ships (a
    # name that is neither is a link that went stale); about_GeoOrchestration always among them.
    param($Help, $Command, [string[]] $Names, [string] $File)
    $links = [System.Collections.Generic.List[string]]::new()
    foreach ($link in $Help.Links) {
        if ($link -notin $Names) { throw "$File links to $link, which is neither a command of the module nor an about topic it ships." }
        if ($link -ne $Command.Name -and -not $links.Contains($link)) { $links.Add($link) }
    }
    if (-not $links.Contains('about_GeoOrchestration')) { $links.Add('about_GeoOrchestration') }
    $links
}

function Write-ParameterXml($w, $p, $text, $required, $position, $maml, $cmd, $dev) {
    # Help shows Nullable<double> as what a user types: Double.
    $type = if ([Nullable]::GetUnderlyingType($p.ParameterType)) { [Nullable]::GetUnderlyingType($p.ParameterType) } else { $p.ParameterType }
    $w.WriteStartElement('command', 'parameter', $cmd)
    $w.WriteAttributeString('required', "$required".ToLowerInvariant())
    $w.WriteAttributeString('position', "$position")
    $w.WriteAttributeString('pipelineInput', (Get-PipelineText $p))
    $w.WriteAttributeString('globbing', ([bool]($p.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] })).ToString().ToLowerInvariant())
    $w.WriteElementString('maml', 'name', $maml, $p.Name)
    $w.WriteStartElement('maml', 'description', $maml); $w.WriteElementString('maml', 'para', $maml, $text); $w.WriteEndElement()
    if ($p.ParameterType -ne [System.Management.Automation.SwitchParameter]) {
        $w.WriteStartElement('command', 'parameterValue', $cmd); $w.WriteAttributeString('required', 'true'); $w.WriteString($type.Name); $w.WriteEndElement()
    }
    $w.WriteStartElement('dev', 'type', $dev); $w.WriteElementString('maml', 'name', $maml, $type.FullName); $w.WriteEndElement()
    $w.WriteEndElement()
}

Export-ModuleMember -Function New-CmdletHelpXml, Read-HelpMarkdown
