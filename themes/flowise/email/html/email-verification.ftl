<#import "template.ftl" as layout>
<@layout.emailLayout>
<@layout.title text=msg("flowiseVerifyEmailTitle")/>
<p style="margin:0 0 16px;">${msg("flowiseVerifyEmailIntro", realmName)}</p>
<@layout.button href=link label=msg("flowiseVerifyEmailButton")/>
<@layout.linkAsText href=link expiry=linkExpirationFormatter(linkExpiration)/>
<p style="margin:0;color:#616161;">${msg("flowiseVerifyEmailIgnore", realmName)}</p>
</@layout.emailLayout>
