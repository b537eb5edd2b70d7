-- Flowise 3.1.4's login tables, ported by hand from postgres-auth-schema.sql (a real pg_dump) to
-- MariaDB as Flowise's mariadb migrations create them: uuid columns become varchar(36), charset
-- utf8mb4 with Flowise's MariaDB collation utf8mb4_unicode_520_ci. MariaDB stands in for MySQL.
CREATE TABLE `user` (
    `id` varchar(36) NOT NULL DEFAULT (uuid()),
    `name` varchar(100) NOT NULL,
    `email` varchar(255) NOT NULL,
    `credential` text NULL,
    `tempToken` text NULL,
    `tokenExpiry` timestamp NULL,
    `status` varchar(20) NOT NULL DEFAULT 'unverified',
    `createdDate` timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,
    `updatedDate` timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,
    `createdBy` varchar(36) NOT NULL,
    `updatedBy` varchar(36) NOT NULL,
    PRIMARY KEY (`id`),
    UNIQUE KEY `user_email_key` (`email`),
    CONSTRAINT `fk_user_createdBy` FOREIGN KEY (`createdBy`) REFERENCES `user` (`id`),
    CONSTRAINT `fk_user_updatedBy` FOREIGN KEY (`updatedBy`) REFERENCES `user` (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

CREATE TABLE `organization` (
    `id` varchar(36) NOT NULL DEFAULT (uuid()),
    `name` varchar(100) NOT NULL DEFAULT 'Default Organization',
    `customerId` varchar(100) NULL,
    `subscriptionId` varchar(100) NULL,
    `createdDate` timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,
    `updatedDate` timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,
    `createdBy` varchar(36) NOT NULL,
    `updatedBy` varchar(36) NOT NULL,
    PRIMARY KEY (`id`),
    CONSTRAINT `fk_organization_createdBy` FOREIGN KEY (`createdBy`) REFERENCES `user` (`id`),
    CONSTRAINT `fk_organization_updatedBy` FOREIGN KEY (`updatedBy`) REFERENCES `user` (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

CREATE TABLE `role` (
    `id` varchar(36) NOT NULL DEFAULT (uuid()),
    `organizationId` varchar(36) NULL,
    `name` varchar(100) NOT NULL,
    `description` text NULL,
    `permissions` text NOT NULL,
    `createdDate` timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,
    `updatedDate` timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,
    `createdBy` varchar(36) NULL,
    `updatedBy` varchar(36) NULL,
    PRIMARY KEY (`id`),
    CONSTRAINT `fk_role_organizationId` FOREIGN KEY (`organizationId`) REFERENCES `organization` (`id`),
    CONSTRAINT `fk_role_createdBy` FOREIGN KEY (`createdBy`) REFERENCES `user` (`id`),
    CONSTRAINT `fk_role_updatedBy` FOREIGN KEY (`updatedBy`) REFERENCES `user` (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

CREATE TABLE `organization_user` (
    `organizationId` varchar(36) NOT NULL,
    `userId` varchar(36) NOT NULL,
    `roleId` varchar(36) NOT NULL,
    `status` varchar(20) NOT NULL DEFAULT 'active',
    `createdDate` timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,
    `updatedDate` timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,
    `createdBy` varchar(36) NOT NULL,
    `updatedBy` varchar(36) NOT NULL,
    PRIMARY KEY (`organizationId`, `userId`),
    CONSTRAINT `fk_ou_organizationId` FOREIGN KEY (`organizationId`) REFERENCES `organization` (`id`),
    CONSTRAINT `fk_ou_userId` FOREIGN KEY (`userId`) REFERENCES `user` (`id`),
    CONSTRAINT `fk_ou_roleId` FOREIGN KEY (`roleId`) REFERENCES `role` (`id`),
    CONSTRAINT `fk_ou_createdBy` FOREIGN KEY (`createdBy`) REFERENCES `user` (`id`),
    CONSTRAINT `fk_ou_updatedBy` FOREIGN KEY (`updatedBy`) REFERENCES `user` (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

CREATE TABLE `workspace` (
    `id` varchar(36) NOT NULL DEFAULT (uuid()),
    `name` varchar(100) NOT NULL,
    `description` text NULL,
    `createdDate` timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,
    `updatedDate` timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,
    `organizationId` varchar(36) NOT NULL,
    `createdBy` varchar(36) NOT NULL,
    `updatedBy` varchar(36) NOT NULL,
    PRIMARY KEY (`id`),
    CONSTRAINT `fk_workspace_organizationId` FOREIGN KEY (`organizationId`) REFERENCES `organization` (`id`),
    CONSTRAINT `fk_workspace_createdBy` FOREIGN KEY (`createdBy`) REFERENCES `user` (`id`),
    CONSTRAINT `fk_workspace_updatedBy` FOREIGN KEY (`updatedBy`) REFERENCES `user` (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

CREATE TABLE `workspace_user` (
    `workspaceId` varchar(36) NOT NULL,
    `userId` varchar(36) NOT NULL,
    `roleId` varchar(36) NOT NULL,
    `status` varchar(20) NOT NULL DEFAULT 'invited',
    `lastLogin` timestamp NULL,
    `createdDate` timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,
    `updatedDate` timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,
    `createdBy` varchar(36) NOT NULL,
    `updatedBy` varchar(36) NOT NULL,
    PRIMARY KEY (`workspaceId`, `userId`),
    CONSTRAINT `fk_wu_workspaceId` FOREIGN KEY (`workspaceId`) REFERENCES `workspace` (`id`),
    CONSTRAINT `fk_wu_userId` FOREIGN KEY (`userId`) REFERENCES `user` (`id`),
    CONSTRAINT `fk_wu_roleId` FOREIGN KEY (`roleId`) REFERENCES `role` (`id`),
    CONSTRAINT `fk_wu_createdBy` FOREIGN KEY (`createdBy`) REFERENCES `user` (`id`),
    CONSTRAINT `fk_wu_updatedBy` FOREIGN KEY (`updatedBy`) REFERENCES `user` (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;
