<#import "template.ftl" as layout>
<@layout.registrationLayout displayMessage=false; section>
<!-- template: flowise-no-account.ftl -->
    <#if section = "header">
        <#if (flowiseReason!'') = "not-active">
            ${msg("flowiseBridgeNotActiveTitle")}
        <#elseif (flowiseReason!'') = "email-not-verified">
            ${msg("flowiseBridgeEmailNotVerifiedTitle")}
        <#else>
            ${msg("flowiseBridgeNoAccountTitle")}
        </#if>
    <#elseif section = "form">
        <div id="flowise-no-account" data-reason="${flowiseReason!''}">
        <#if (flowiseReason!'') = "not-active">
            <p class="instruction">${msg("flowiseBridgeNotActive", flowiseEmail!'')}</p>
        <#elseif (flowiseReason!'') = "email-not-verified">
            <p class="instruction">${msg("flowiseBridgeEmailNotVerified", flowiseEmail!'')}</p>
        <#else>
            <p class="instruction">${msg("flowiseBridgeNoAccount", flowiseEmail!'')}</p>
        </#if>
            <p class="instruction">${msg("flowiseBridgeNothingChanged")}</p>
            <p><a id="flowise-sign-in-other" href="${flowiseSignOutUrl!''}">${msg("flowiseBridgeOtherAccount")}</a></p>
            <p><a id="flowise-back-to-flowise" href="${flowiseAppUrl!''}">${msg("flowiseBridgeBackToFlowise")}</a></p>
        </div>
    </#if>
</@layout.registrationLayout>
