// The contract of reviewers' annotations (tags, stars, comments on events), sensitivity labels
// on resources, and the reviewer-name setting: zod schemas for each method's input and output,
// spread into the method map of contract.ts.
import { z } from 'zod'
import { eventFilterSchema, maxTags, streamSchema, tagSchema } from './filter'

const connectionId = z.string().min(1).max(64)
const epochMs = z.number().int()

/** An upstream event id as the cache keeps it. */
const eventId = z.string().min(1).max(512)

/** The most events one `annotations.update` changes. */
export const maxUpdateEvents = 1000

/** The longest comment, in characters. */
export const maxCommentLength = 4000

/** Line breaks and tabs allowed; other control characters never. */
const commentCharacters = /^(?:[^\p{Cc}]|[\n\t])*$/u

/** A comment's text: 1..4000 characters, something visible, no control characters but \n and \t. */
export const commentSchema = z
  .string()
  .min(1)
  .max(maxCommentLength)
  .regex(commentCharacters, 'must not contain control characters other than line breaks')
  .regex(/\S/, 'must not be blank')

/** A resource's type or id, as the audit log gives them. */
const resourcePart = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[^\p{Cc}]*$/u, 'must not contain control characters')

const stamp = { author: z.string(), at: epochMs }

const changeKind = z.enum([
  'tag-added',
  'tag-removed',
  'starred',
  'unstarred',
  'comment-added',
  'comment-edited',
])

const commentVersion = z.object({ version: z.number().int().min(1), text: z.string(), ...stamp })

const eventAnnotations = z.object({
  tags: z.array(z.object({ tag: z.string(), ...stamp })),
  starred: z.object(stamp).nullable(),
  /** Each comment with its current text and every version, oldest first. */
  comments: z.array(
    z.object({
      id: z.number().int(),
      text: z.string(),
      versions: z.array(commentVersion),
      ...stamp,
    }),
  ),
  /** The event's change log, newest first. */
  history: z.array(z.object({ change: changeKind, value: z.string().nullable(), ...stamp })),
})

/** Everything reviewers recorded on one event. */
export type EventAnnotations = z.infer<typeof eventAnnotations>

const resourceLabel = z.object({
  resourceType: z.string(),
  resourceId: z.string(),
  label: z.string(),
  ...stamp,
})

/** A sensitivity label on a resource. */
export type ResourceLabel = z.infer<typeof resourceLabel>

const eventRef = { connectionId, stream: streamSchema, eventId }

const tagList = z.array(tagSchema).min(1).max(maxTags)

const update = z
  .object({
    connectionId,
    stream: streamSchema,
    eventIds: z.array(eventId).min(1).max(maxUpdateEvents),
    addTags: tagList.optional(),
    removeTags: tagList.optional(),
    starred: z.boolean().optional(),
    comment: commentSchema.optional(),
  })
  .strict()
  .refine(
    (value) =>
      value.addTags !== undefined ||
      value.removeTags !== undefined ||
      value.starred !== undefined ||
      value.comment !== undefined,
    'must change something: addTags, removeTags, starred or comment',
  )
  .refine((value) => {
    const removed = new Set((value.removeTags ?? []).map((tag) => tag.toLowerCase()))
    return !(value.addTags ?? []).some((tag) => removed.has(tag.toLowerCase()))
  }, 'a tag cannot be both added and removed')

const reviewerSettings = z.object({
  /** The name annotations are stamped with now. */
  reviewerName: z.string(),
  /** The name set in Settings, or null when the host's (the OS user's) is used. */
  customReviewerName: z.string().nullable(),
})

/** The reviewer-name setting as `settings.get` reports it. */
export type ReviewerSettings = z.infer<typeof reviewerSettings>

/** The methods of annotations, labels and settings, for the method map in contract.ts. */
export const annotationMethods = {
  'annotations.get': {
    input: z.object(eventRef).strict(),
    output: eventAnnotations,
  },
  'annotations.update': {
    input: update,
    output: z.object({
      tagsAdded: z.number().int().nonnegative(),
      tagsRemoved: z.number().int().nonnegative(),
      starsChanged: z.number().int().nonnegative(),
      commentsAdded: z.number().int().nonnegative(),
    }),
  },
  'annotations.editComment': {
    input: z.object({ ...eventRef, commentId: z.number().int(), text: commentSchema }).strict(),
    output: z.object({ version: z.number().int().min(1) }),
  },
  'annotations.bulkTag': {
    input: z.object({ stream: streamSchema, filter: eventFilterSchema, tag: tagSchema }).strict(),
    output: z.object({
      /** Events the filter matched. */
      matched: z.number().int().nonnegative(),
      /** Of those, the events that did not carry the tag before. */
      tagged: z.number().int().nonnegative(),
    }),
  },
  'labels.list': {
    input: z.object({ connectionId }).strict(),
    output: z.object({ labels: z.array(resourceLabel) }),
  },
  'labels.set': {
    input: z
      .object({
        connectionId,
        resourceType: resourcePart,
        resourceId: resourcePart,
        label: tagSchema,
        isSet: z.boolean(),
      })
      .strict(),
    output: z.object({ changed: z.boolean() }),
  },
  'settings.get': {
    input: z.object({}).strict(),
    output: reviewerSettings,
  },
  'settings.set': {
    input: z
      .object({
        /** A name to stamp annotations with, or null to use the OS user name again. */
        reviewerName: z
          .string()
          .max(128)
          .regex(/^[^\p{Cc}\p{Cf}]*\S[^\p{Cc}\p{Cf}]*$/u, 'must be visible text')
          .nullable(),
      })
      .strict(),
    output: reviewerSettings,
  },
} as const
