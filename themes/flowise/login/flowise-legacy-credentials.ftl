<#import "template.ftl" as layout>
<#import "field.ftl" as field>
<#import "buttons.ftl" as buttons>
<@layout.registrationLayout displayMessage=true displayInfo=true; section>
<!-- template: flowise-legacy-credentials.ftl -->
    <#if section = "header">
        ${msg("flowiseSetupTitle")}
    <#elseif section = "form">
        <p id="flowise-legacy-intro">${msg("flowiseLegacyIntro")}</p>
        <form id="kc-flowise-legacy-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
            <@field.input name="username" label=msg("flowiseLegacyUsername") autofocus=true autocomplete="off" />
            <@field.password name="password" label=msg("flowiseLegacyPassword") autocomplete="off" />
            <@buttons.actionGroup>
                <@buttons.button id="kc-flowise-legacy-submit" name="verify" label="flowiseLegacySubmit" class=["kcButtonPrimaryClass", "kcButtonBlockClass"] />
            </@buttons.actionGroup>
        </form>
    <#elseif section = "info">
        <a id="flowise-back-to-login" href="${url.loginUrl}">${msg("backToLogin")?no_esc}</a>
    </#if>
</@layout.registrationLayout>
