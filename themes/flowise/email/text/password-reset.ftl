<#ftl output_format="plainText">
${msg("flowisePasswordResetTitle")}

${msg("flowisePasswordResetIntro", realmName)}

${link}

${msg("flowiseEmailLinkExpiry", linkExpirationFormatter(linkExpiration))}

${msg("flowisePasswordResetIgnore")}
