<#import "template.ftl" as layout>
<@layout.registrationLayout displayMessage=true displayInfo=true; section>
<!-- template: flowise-setup-closed.ftl -->
    <#if section = "header">
        ${msg("flowiseSetupTitle")}
    <#elseif section = "form">
        <div id="flowise-setup-closed" data-reason="${reason!''}">
        <#if (reason!'') = "unconfigured">
            <p>${msg("flowiseSetupUnconfigured1")}</p>
            <p>${msg("flowiseSetupUnconfigured2")}</p>
        <#else>
            <p>${msg("flowiseSetupClaimed")}</p>
        </#if>
        </div>
    <#elseif section = "info">
        <a id="flowise-back-to-login" href="${url.loginUrl}">${msg("backToLogin")?no_esc}</a>
    </#if>
</@layout.registrationLayout>
