<#import "template.ftl" as layout>
<@layout.emailLayout>
<@layout.title text=msg("flowisePasswordResetTitle")/>
<p style="margin:0 0 16px;">${msg("flowisePasswordResetIntro", realmName)}</p>
<@layout.button href=link label=msg("flowisePasswordResetButton")/>
<@layout.linkAsText href=link expiry=linkExpirationFormatter(linkExpiration)/>
<p style="margin:0;color:#616161;">${msg("flowisePasswordResetIgnore")}</p>
</@layout.emailLayout>
