<#import "template.ftl" as layout>
<#import "field.ftl" as field>
<#import "buttons.ftl" as buttons>
<@layout.registrationLayout displayMessage=!messagesPerField.existsError('email','name','password','password-confirm'); section>
<!-- template: flowise-owner-setup.ftl -->
    <#if section = "header">
        ${msg("flowiseOwnerTitle")}
    <#elseif section = "form">
        <p id="flowise-owner-intro">${msg("flowiseOwnerIntro")}</p>
        <form id="kc-flowise-owner-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
            <@field.input name="email" label=msg("email") value=ownerEmail!'' autofocus=true autocomplete="email" required=true />
            <@field.input name="name" label=msg("flowiseOwnerName") value=ownerName!'' autocomplete="name" required=true />
            <@field.password name="password" label=msg("password") autocomplete="new-password" required=true>
                <div class="${properties.kcInputHelperTextItemClass}">
                    <span class="${properties.kcInputHelperTextItemTextClass}">${msg("flowisePasswordRules")}</span>
                </div>
            </@field.password>
            <@field.password name="password-confirm" label=msg("passwordConfirm") autocomplete="new-password" required=true />
            <@buttons.actionGroup>
                <@buttons.button id="kc-flowise-owner-submit" name="create" label="flowiseOwnerSubmit" class=["kcButtonPrimaryClass", "kcButtonBlockClass"] />
            </@buttons.actionGroup>
        </form>
    </#if>
</@layout.registrationLayout>
