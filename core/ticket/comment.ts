export const COMMENT_VISIBILITIES = ['internal', 'public'] as const;
/** internal: a note for colleagues; public: a reply the customer sees (and the first one stops the first-response clock). */
export type CommentVisibility = (typeof COMMENT_VISIBILITIES)[number];

export interface Comment {
  readonly id: string;
  readonly ticketId: string;
  readonly authorId: string;
  readonly visibility: CommentVisibility;
  readonly body: string;
  readonly createdAt: string;
}

export const COMMENT_BODY_MAX = 20_000;
