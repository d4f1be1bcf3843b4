import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'archnest:isPublic';

/** Opts a route out of the global user guard (login, health, agent ingest with its own guard). */
export const Public = () => SetMetadata(IS_PUBLIC, true);
