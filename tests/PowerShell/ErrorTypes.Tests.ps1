# The exceptions in the module's ErrorRecords are public types a script can name in catch [...]
# (they load into PowerShell's default context; the engine's own types live in the module's private
# one): each kind of error provoked for real and caught by its type, the engine's exception inside,
# GeoException catching them all. A confirmation a -NonInteractive session cannot ask says so.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1')
    Import-Module (Get-ModuleManifestPath) -Force
    $script:folder = Join-Path ([IO.Path]::GetTempPath()) "geoorch-errortypes-$([guid]::NewGuid().ToString('N'))"
    $script:store = Connect-GeoOrchestration -Path (Join-Path $folder 'errors.db')

    function Get-Caught([scriptblock] $Body) {
        # What a script's catch [GeoOrchestration.Errors.X] gets: which catch clause ran, and $_.
        try { & $Body; throw 'nothing was thrown' }
        catch [GeoOrchestration.Errors.GeoValidationException] { [pscustomobject]@{ Clause = 'Validation'; Record = $_ } }
        catch [GeoOrchestration.Errors.GeoNotFoundException] { [pscustomobject]@{ Clause = 'NotFound'; Record = $_ } }
        catch [GeoOrchestration.Errors.GeoConflictException] { [pscustomobject]@{ Clause = 'Conflict'; Record = $_ } }
        catch [GeoOrchestration.Errors.GeoConfigurationException] { [pscustomobject]@{ Clause = 'Configuration'; Record = $_ } }
        catch [GeoOrchestration.Errors.GeoTimeoutException] { [pscustomobject]@{ Clause = 'Timeout'; Record = $_ } }
        catch [GeoOrchestration.Errors.GeoException] { [pscustomobject]@{ Clause = 'GeoException'; Record = $_ } }
    }
}

AfterAll {
    Remove-Item -Recurse -Force $folder -ErrorAction Ignore
}

Describe 'catch [GeoOrchestration.Errors.*] around the cmdlets' {
    It 'the types resolve by name right after Import-Module, from the default load context' {
        $type = [GeoOrchestration.Errors.GeoValidationException]
        [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($type.Assembly).Name | Should -Be 'Default'
        $type.Assembly.GetName().Name | Should -Be 'GeoOrchestration.PowerShell.Errors'
        [GeoOrchestration.Errors.GeoNotFoundException].IsSubclassOf([GeoOrchestration.Errors.GeoException]) | Should -BeTrue
        [GeoOrchestration.Errors.GeoContractViolationException].IsSubclassOf([GeoOrchestration.Errors.GeoPermanentException]) | Should -BeTrue
    }

    It 'a validation error (the issue''s example) is caught as GeoValidationException, every broken rule with field and rule, the engine''s error inside' {
        $caught = Get-Caught { Submit-GeoJob hello_world -count 0 -ErrorAction Stop }
        $caught.Clause | Should -Be 'Validation'
        $e = $caught.Record.Exception
        $e | Should -BeOfType ([GeoOrchestration.Errors.GeoValidationException])
        $e.Category | Should -Be ([GeoOrchestration.Errors.GeoErrorCategory]::Validation)
        $e.ErrorId | Should -Be 'InvalidInput'
        $e.Errors[0].Field | Should -Be 'count'
        $e.Errors[0].Rule | Should -Be 'minimum'
        $e.Message | Should -Be $e.InnerException.Message
        # The engine's own exception: same name, another assembly (in the module's private context).
        $e.InnerException.GetType().FullName | Should -Be 'GeoOrchestration.Errors.GeoValidationException'
        $e.InnerException.GetType().Assembly.GetName().Name | Should -Be 'GeoOrchestration.Core'
        $caught.Record.FullyQualifiedErrorId | Should -Be 'GeoValidation,GeoOrchestration.PowerShell.Commands.SubmitGeoJobCommand'
        $caught.Record.CategoryInfo.Category | Should -Be 'InvalidArgument'
    }

    It 'a job that does not exist is caught as GeoNotFoundException, naming what was asked for' {
        $caught = Get-Caught { Get-GeoJob 0123456789abcdef0123 -ErrorAction Stop }
        $caught.Clause | Should -Be 'NotFound'
        $caught.Record.Exception.Kind | Should -Be 'Job'
        $caught.Record.Exception.Id | Should -Be '0123456789abcdef0123'
        $caught.Record.Exception.InnerException.GetType().Name | Should -Be 'GeoNotFoundException'
        $caught.Record.CategoryInfo.Reason | Should -Be 'NotFound'
    }

    It 'stopping a job that has ended is caught as GeoConflictException, with the job as target' {
        $job = Invoke-GeoJob hello_world -count 2
        $job.Status | Should -Be 'completed'
        $caught = Get-Caught { Stop-GeoJob $job.JobId -Confirm:$false -ErrorAction Stop }
        $caught.Clause | Should -Be 'Conflict'
        $caught.Record.Exception.ErrorId | Should -Be 'JobStatusConflict'
        $caught.Record.Exception.Target | Should -Be $job.JobId
        $caught.Record.CategoryInfo.Category | Should -Be 'InvalidOperation'
    }

    It 'a wait that times out is caught as GeoTimeoutException' {
        # Nothing works on this store's queue here: the job stays queued past the wait.
        $job = Submit-GeoJob noop -tasks 1 -label "timeout-$([guid]::NewGuid())"
        $caught = Get-Caught { Wait-GeoJob $job.JobId -Timeout 0.2 -ErrorAction Stop -WarningAction SilentlyContinue }
        $caught.Clause | Should -Be 'Timeout'
        $caught.Record.Exception.ErrorId | Should -Be 'WaitTimeout'
        Stop-GeoJob $job.JobId -Confirm:$false
    }

    It 'a PostgreSQL schema that is not deployed is caught as GeoConfigurationException' {
        $empty = Connect-GeoOrchestration -ConnectionString (Get-TestPostgres) -Schema (New-TestSchema errortypes)
        $caught = Get-Caught { Submit-GeoJob hello_world -count 1 -Connection $empty -ErrorAction Stop }
        $caught.Clause | Should -Be 'Configuration'
        $caught.Record.Exception.ErrorId | Should -Be 'SchemaNotDeployed'
        $caught.Record.Exception.InnerException.GetType().Name | Should -Be 'GeoConfigurationException'
        Connect-GeoOrchestration -Path (Join-Path $folder 'errors.db') | Out-Null
    }

    It 'GeoException alone catches every one of them, terminating (ThrowTerminatingError) or not (-ErrorAction Stop)' {
        $provoked = @(
            { Submit-GeoJob hello_world -count 0 -ErrorAction Stop }
            { Get-GeoJob 0123456789abcdef0123 -ErrorAction Stop }
            { Get-GeoJobType no_such_type -ErrorAction Stop }
            { Submit-GeoJob hello_world -count 1 -Connection (Connect-GeoOrchestration -ConnectionString (Get-TestPostgres) -Schema (New-TestSchema errortypes)) -ErrorAction Stop }
            # A terminating error (ThrowTerminatingError), caught without -ErrorAction Stop.
            { Start-GeoWorker -Connection (Connect-GeoOrchestration -ConnectionString (Get-TestPostgres) -Schema (New-TestSchema errortypes)) -ExitWhenIdle 1 -StartupTimeout 0 }
        )
        foreach ($body in $provoked) {
            $caught = $null
            try { & $body } catch [GeoOrchestration.Errors.GeoException] { $caught = $_ }
            $caught | Should -Not -BeNullOrEmpty -Because "$body"
            $caught.Exception.InnerException | Should -Not -BeNullOrEmpty
            $caught.CategoryInfo.Reason | Should -Be $caught.Exception.ErrorId
        }
        Connect-GeoOrchestration -Path (Join-Path $folder 'errors.db') | Out-Null
    }

    It 'a non-terminating error in $Error / -ErrorVariable carries the public type too' {
        Get-GeoJob 0123456789abcdef0123 -ErrorAction SilentlyContinue -ErrorVariable failed
        $failed[0].Exception | Should -BeOfType ([GeoOrchestration.Errors.GeoNotFoundException])
        $failed[0].Exception -is [GeoOrchestration.Errors.GeoException] | Should -BeTrue
    }
}

Describe 'Validation in one round' {
    It 'a raster submission with a declared rule and path and EPSG rules broken names them all at once, writing nothing' {
        $destination = Join-Path $folder 'cogs'
        $caught = Get-Caught { Submit-GeoJob raster_to_cog @{ source = 'in/*.tif'; destination = $destination; blocksize = 64; target_crs = 'epsg:4326' } -ErrorAction Stop }
        $caught.Clause | Should -Be 'Validation'
        $rules = $caught.Record.Exception.Errors | ForEach-Object { "$($_.Field)/$($_.Rule)" }
        $rules | Should -Contain 'blocksize/minimum'
        $rules | Should -Contain 'source[0]/absolute'
        $rules | Should -Contain 'target_crs/format'
        $caught.Record.ErrorDetails.Message | Should -BeLike '*problems:*blocksize (minimum)*'
        Test-Path $destination | Should -BeFalse
        Get-GeoJob -JobType raster_to_cog | Should -BeNullOrEmpty
    }
}

Describe 'A confirmation under pwsh -NonInteractive' {
    It 'Stop-GeoJob -Confirm says it needed a confirmation it could not ask, as GeoConfirmationRequiredException, and stops nothing' {
        $job = Submit-GeoJob noop -tasks 1 -label "confirm-$([guid]::NewGuid())"
        $result = Invoke-ChildPwsh @"
Import-Module '$(Get-ModuleManifestPath)'
Connect-GeoOrchestration -Path '$(Join-Path $folder 'errors.db')' | Out-Null
try { Stop-GeoJob $($job.JobId) -Confirm -ErrorAction Stop; 'not refused' }
catch [GeoOrchestration.Errors.GeoConfirmationRequiredException] {
    'id: ' + `$_.FullyQualifiedErrorId
    'category: ' + `$_.CategoryInfo.Category
    'reason: ' + `$_.CategoryInfo.Reason
    'validation: ' + (`$_.Exception -is [GeoOrchestration.Errors.GeoValidationException])
    'rule: ' + `$_.Exception.Errors[0].Field + '/' + `$_.Exception.Errors[0].Rule
    'message: ' + `$_.Exception.Message
}
"@
        $result.Output | Should -Match 'id: GeoValidation,GeoOrchestration.PowerShell.Commands.StopGeoJobCommand'
        $result.Output | Should -Match 'category: InvalidArgument'
        $result.Output | Should -Match 'reason: ConfirmationRequired'
        $result.Output | Should -Match 'validation: True'
        $result.Output | Should -Match 'rule: Confirm/confirmation_required'
        $result.Output | Should -Match 'message: Stop-GeoJob needs confirmation to cancel \(job [0-9a-f]+\), and this PowerShell session cannot ask .*-NonInteractive.*nothing was done\. Add -Confirm:\$false'
        (Get-GeoJob $job.JobId).Status | Should -Be 'queued'
        Stop-GeoJob $job.JobId -Confirm:$false
    }

    It 'Invoke-GeoSchemaDeploy (ConfirmImpact High) without -Confirm:$false says so, and deploys nothing' {
        $schema = New-TestSchema confirm
        $result = Invoke-ChildPwsh @"
Import-Module '$(Get-ModuleManifestPath)'
Connect-GeoOrchestration -ConnectionString '$(Get-TestPostgres)' -Schema '$schema' | Out-Null
try { Invoke-GeoSchemaDeploy; 'not refused' }
catch { 'id: ' + `$_.FullyQualifiedErrorId; 'type: ' + `$_.Exception.GetType().FullName; 'message: ' + `$_.Exception.Message }
"@
        $result.Output | Should -Match 'id: GeoValidation,GeoOrchestration.PowerShell.Commands.InvokeGeoSchemaDeployCommand'
        $result.Output | Should -Match 'type: GeoOrchestration.Errors.GeoConfirmationRequiredException'
        $result.Output | Should -Match 'message: Invoke-GeoSchemaDeploy needs confirmation to apply \d+ migration'
        $refused = { Submit-GeoJob hello_world -count 1 -Connection (Connect-GeoOrchestration -ConnectionString (Get-TestPostgres) -Schema $schema) -ErrorAction Stop } |
            Should -Throw -PassThru
        $refused.CategoryInfo.Reason | Should -Be 'SchemaNotDeployed'
        Connect-GeoOrchestration -Path (Join-Path $folder 'errors.db') | Out-Null
    }
}
