/** Words of forum-channel alerts and of what /alerts says about forum channels. */
export const en = {};

export const ja: typeof en = {};
