<#ftl output_format="plainText">
${msg("flowiseVerifyEmailTitle")}

${msg("flowiseVerifyEmailIntro", realmName)}

${link}

${msg("flowiseEmailLinkExpiry", linkExpirationFormatter(linkExpiration))}

${msg("flowiseVerifyEmailIgnore", realmName)}
