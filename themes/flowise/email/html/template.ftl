<#-- Flowise's email layout: white, one column at most 480 px wide, inline styles only (mail
     clients drop style sheets). Every HTML email of this theme is drawn in it, base's included. -->
<#macro emailLayout>
<!DOCTYPE html>
<html lang="${locale.language}" dir="${(ltr)?then('ltr','rtl')}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>${realmName!''}</title>
</head>
<body data-flowise-email style="margin:0;padding:0;background-color:#ffffff;color:#212121;font-family:Roboto,'Helvetica Neue',Arial,sans-serif;font-size:14px;line-height:1.5;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background-color:#ffffff;">
<tr>
<td align="center" style="padding:32px 16px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:480px;">
<tr>
<td align="left" style="color:#212121;font-family:Roboto,'Helvetica Neue',Arial,sans-serif;font-size:14px;line-height:1.5;">
<#nested>
</td>
</tr>
</table>
</td>
</tr>
</table>
</body>
</html>
</#macro>

<#-- A bold title, as on Flowise's pages. -->
<#macro title text>
<h1 style="margin:0 0 24px;font-size:28px;line-height:1.25;font-weight:700;color:#212121;">${text}</h1>
</#macro>

<#-- Flowise's full-width blue button. White on #2196f3 is 3.1:1: the label is bold and 19 px, large
     text in WCAG's terms, so it meets AA as on the login pages. -->
<#macro button href label>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="margin:8px 0 24px;">
<tr>
<td align="center" bgcolor="#2196f3" style="background-color:#2196f3;border-radius:12px;">
<a href="${href}" data-flowise-action style="display:block;padding:12px 16px;border-radius:12px;background-color:#2196f3;color:#ffffff;font-size:19px;font-weight:700;line-height:1.4;text-decoration:none;">${label}</a>
</td>
</tr>
</table>
</#macro>

<#-- The link as text, for mail clients that block buttons, then how long it works. -->
<#macro linkAsText href expiry>
<p style="margin:0 0 16px;color:#616161;font-size:13px;font-style:italic;">${msg("flowiseEmailLinkAsText")}<br>
<a href="${href}" style="color:#1976d2;font-style:normal;word-break:break-all;">${href}</a></p>
<p style="margin:0 0 16px;">${msg("flowiseEmailLinkExpiry", expiry)}</p>
</#macro>
