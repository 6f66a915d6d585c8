# Turns module/help/*.md plus the cmdlets' metadata into MAML, the format Get-Help reads for
# binary cmdlets (PlatyPS, the usual tool, is not on the package source).
$ErrorActionPreference = 'Stop'
$common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters

function Read-HelpMarkdown {
    # Sections of one markdown file: Synopsis, Description, Examples (Title, Code, Remarks), Parameters (name -> text).
    param([string] $Path)
    $help = @{ Synopsis = ''; Description = ''; Examples = [System.Collections.Generic.List[object]]::new(); Parameters = @{} }
    $section = $null; $example = $null; $parameter = $null; $inCode = $false
    foreach ($line in Get-Content -LiteralPath $Path) {
        if ($inCode) {
            if ($line -match '^```') { $inCode = $false } else { $example.Code += "$line`n" }
            continue
        }
        if ($line -match '^## (.+)$') { $section = $Matches[1].Trim(); $example = $null; $parameter = $null; continue }
        if ($line -match '^### (.+)$') {
            if ($section -eq 'EXAMPLES') { $example = @{ Title = $Matches[1].Trim(); Code = ''; Remarks = '' }; $help.Examples.Add($example) }
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
    foreach ($command in Get-Command -Module $module.Name -CommandType Cmdlet | Sort-Object Name) {
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
            foreach ($p in $set.Parameters | Where-Object { $_.Name -notin $common }) {
                Write-ParameterXml $w $p $help.Parameters[$p.Name] $p.IsMandatory $(if ($p.Position -ge 0) { $p.Position } else { 'named' }) $maml $cmd $dev
            }
            $w.WriteEndElement()
        }
        $w.WriteEndElement()

        $w.WriteStartElement('command', 'parameters', $cmd)
        foreach ($name in $command.Parameters.Keys | Where-Object { $_ -notin $common } | Sort-Object) {
            $first = $command.ParameterSets.Parameters | Where-Object Name -eq $name | Select-Object -First 1
            if (-not $help.Parameters.ContainsKey($name)) { throw "$file does not describe parameter -$name." }
            Write-ParameterXml $w $first $help.Parameters[$name] $first.IsMandatory $(if ($first.Position -ge 0) { $first.Position } else { 'named' }) $maml $cmd $dev
        }
        $w.WriteEndElement()

        $w.WriteStartElement('command', 'returnValues', $cmd)
        foreach ($type in $command.OutputType) {
            $w.WriteStartElement('command', 'returnValue', $cmd)
            $w.WriteStartElement('dev', 'type', $dev); $w.WriteElementString('maml', 'name', $maml, $type.Name); $w.WriteEndElement()
            $w.WriteEndElement()
        }
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
        $w.WriteEndElement()
    }
    $w.WriteEndElement()
    $w.Flush()
    # A StringWriter declares utf-16; the file is written as UTF-8.
    $buffer.ToString().Replace('encoding="utf-16"', 'encoding="utf-8"')
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

Export-ModuleMember -Function New-CmdletHelpXml
