/**
 * Filters and the rows they match, run against real rows (see test-fixtures) by one runner per
 * store. Expected ids follow PocketBase's answers for the same data, checked against a running
 * PocketBase while this was written. `all` means every post.
 */
import type { RequestInfo } from './record-filter.js';
import type { Collection } from '../records/model.js';
import { rows, users } from './test-fixtures.js';

export interface CaseGroup {
  request?: Partial<RequestInfo>;
  /** The collection filtered (default: posts). */
  collection?: Collection;
  cases: [string, string][];
}

const all = 'p1,p2,p3,p4,p5';
const ann = { collection: users, record: { ...rows.users[0], friends: ['u2'], emailVisibility: true, verified: true } };
const bob = { collection: users, record: { ...rows.users[1], friends: [], emailVisibility: false, verified: false } };

/** Record fields, relations, modifiers, functions and macros. */
export const recordFilterCases: Record<string, CaseGroup[]> = {
  'plain operators on columns': [{ cases: [
    ['title = "x"', 'p4'], ['title != "x"', 'p1,p2,p3,p5'], ['views > 2', 'p1,p2'], ['views >= 2', 'p1,p2,p5'],
    ['views < 1', 'p3'], ['views <= 1', 'p3,p4'], ['views > "3"', 'p1,p2'], ['5 = views', 'p1'], ['views > -.5', 'p1,p2,p3,p4,p5'],
    ['title = 5', ''], ['title = "5"', 'p1'], ['draft = true', 'p2'], ['draft = false', 'p1,p3,p4,p5'], ['draft != false', 'p2'],
    ['1 = 1', 'p1,p2,p3,p4,p5'], ["'a' = 'b'", ''], ['TRUE = true', 'p1,p2,p3,p4,p5'],
  ] }],
  'empty and NULL are the same value for = and !=': [{ cases: [
    ['title = ""', 'p3'], ['title = null', 'p3'], ['title = NULL', 'p3'], ['title != null', 'p1,p2,p4,p5'], ['"" = null', 'p1,p2,p3,p4,p5'],
    ['author = ""', 'p3,p5'], ['authors = ""', ''], ['authors = "[]"', 'p3,p5'], ['views = ""', ''], ['views != ""', 'p1,p2,p3,p4,p5'],
    ['title = author', 'p3'], ['title != views', 'p1,p2,p3,p4,p5'], ['null = null', 'p1,p2,p3,p4,p5'],
  ] }],
  'LIKE: contains, explicit wildcards, escaping, column patterns': [{ cases: [
    ['title ~ "50%"', ''], ['title ~ "50\\%"', 'p2'], ['title ~ "_x"', 'p2'], ['title ~ "%off"', ''], ['title ~ "%off%"', 'p2'],
    ['title ~ "HELLO"', 'p2'], ['title ~ 5', 'p1,p2'], ['title ~ "\\\\"', 'p5'], ['title !~ "l"', 'p1,p3,p4'], ['title ~ title', 'p1,p2,p3,p4'],
    ['title ~ ""', 'p1,p2,p3,p4,p5'], ['title ~ null', ''], ['tags ~ "b"', 'p1'], ['tags !~ "b"', 'p2,p3,p4,p5'],
  ] }],
  'multiple fields: :each, :length, JSON text comparisons': [{ cases: [
    ['tags:each = "a"', 'p2'], ['tags:each ?= "b"', 'p1'], ['tags:each != "a"', 'p3,p4,p5'], ['tags:each ?!= "a"', 'p1,p3,p4,p5'],
    ['tags:each ~ "a"', 'p2'], ['tags:each ?~ "a"', 'p1,p2'], ['tags:length = 2', 'p1'], ['tags:length > 0', 'p1,p2,p5'],
    ['cat:length = 1', 'p1'], ['cat:length = 0', 'p2,p3,p4,p5'], ['cat:each = "x"', 'p1'], ['authors:length = 2', 'p1,p4'],
    ['authors:each ?= "a2"', 'p1,p2'], ['authors:each = "a2"', 'p2'], ['tags = \'["a"]\'', 'p2'], ['title:each = "x"', 'p4'],
    ['title:length = "x"', 'p4'], ['title:isset = "x"', 'p4'], ['title:changed = "x"', 'p4'],
  ] }],
  'single relations, rel.id, multi-level paths': [{ cases: [
    ['author.name = "ann"', 'p1'], ['author.name = ""', 'p3,p5'], ['author.name != "ann"', 'p2,p3,p4,p5'], ['author.id = "a1"', 'p1'],
    ['author.age > 35', 'p2,p4'], ['author.owner.name = "Ann"', 'p1'], ['author.owner.role ?= "user"', 'p2'],
    ['author.owner.friends.name ?= "Bob"', 'p1'], ['author.owner.friends:length = 0', 'p2,p3,p4,p5'], ['author.secret = "s1"', 'p1'],
    ['title = author.name', 'p3'], ['author.name:lower = "bob"', 'p2'],
  ] }],
  'multi relations: plain operators need every value, ? operators any': [{ cases: [
    ['authors.name = "ann"', ''], ['authors.name ?= "ann"', 'p1,p4'], ['authors.name = ""', 'p3,p5'], ['authors.name != "ann"', 'p2,p3,p5'],
    ['authors.name ?!= "ann"', 'p1,p2,p3,p4,p5'], ['authors.age > 35', 'p2'], ['authors.age ?> 35', 'p1,p2,p4'], ['authors.age >= 30', 'p1,p2,p4'],
    ['authors.age ?< 31', 'p1,p4'], ['30 < authors.age', 'p2'], ['30 ?< authors.age', 'p1,p2,p4'], ['"ann" = authors.name', ''],
    ['authors.id = "a1"', ''], ['authors.id ?= "a1"', 'p1,p4'], ['authors.name ~ "n"', ''], ['authors.name ?~ "n"', 'p1,p4'],
    ['authors.name !~ "n"', 'p2'], ['authors.name ?!~ "n"', 'p1,p2,p4'], ['authors.name = null', 'p3,p5'],
    ['authors.tags:each ?= "b"', 'p1,p4'], ['authors.tags:length > 1', ''], ['authors.tags:length ?> 1', 'p1,p4'], ['authors.tags ~ "b"', ''],
    ['authors.name = author.name', 'p2,p3,p5'], ['authors.age = authors.age', 'p2,p3,p5'], ['tags:each = authors.tags:each', 'p2,p3'],
  ] }],
  'conditions on one path share the related row; @collection aliases are independent': [{ cases: [
    ['authors.name ?= "ann" && authors.age ?> 35', ''], ['authors.name ?= "bob" && authors.age ?> 35', 'p1,p2'],
    ['authors.name ?= "ann" || authors.age ?> 45', 'p1,p4'], ['(authors.name ?= "ann" || title = "x") && authors.age ?> 45', 'p4'],
    ['@collection.authors.name ?= "ann" && @collection.authors.age ?> 35', ''],
    ['@collection.authors.name ?= "ann" && @collection.authors:x.age ?> 35', 'p1,p2,p3,p4,p5'],
    ['@collection.authors.age > 20', 'p1,p2,p3,p4,p5'], ['@collection.authors.age > 35', ''],
    ['@collection.comments.post ?= id', 'p1,p2'], ['@collection.comments.post = id', ''],
  ] }],
  'back-relations': [{ cases: [
    ['comments_via_post.body = "hi"', 'p2'], ['comments_via_post.body ?= "yo"', 'p1'], ['comments_via_post.body ?= ""', 'p3,p4,p5'],
    ['comments_via_post.body = ""', 'p3,p4,p5'], ['comments_via_post.body != "hi"', 'p3,p4,p5'], ['comments_via_likes.body ?= "hi"', 'p1,p2'],
    ['comments_via_likes.body = "hi"', 'p1,p2'], ['comments_via_post.likes:each ?= "p2"', 'p1,p2'], ['comments_via_post.likes:length > 0', 'p2'],
    ['comments_via_post.post.title = title', 'p1,p2,p3'], ['comments_via_post.likes.comments_via_post.body ?= "yo"', 'p1'],
  ] }, { collection: users, cases: [['profiles_via_user.bio = "hello"', 'u1'], ['authors_via_owner.name ?= "ann"', 'u1']] }],
  'json and geoPoint paths': [{ cases: [
    ['meta.k = "v"', 'p1'], ['meta = 5', 'p4'], ['meta = null', 'p2,p3,p5'], ['meta != null', 'p1,p4'], ['meta = ""', ''],
    ['meta.k:lower = null', 'p1,p2,p3,p4,p5'], ['author.data.arr.1 = 2', 'p1'], ['authors.data.x = 1', ''], ['authors.data.x ?= 1', 'p1,p4'],
    ['author.loc.lon > 1', 'p1'], ['author.loc.lat = 0', 'p2,p4'], ['authors.loc.lon ?= 0', 'p1,p2,p4'],
  ] }],
  'functions: geoDistance and strftime': [{ cases: [
    ['geoDistance(author.loc.lon, author.loc.lat, 23.32, 42.69) < 1', 'p1'],
    ['geoDistance(author.loc.lon, author.loc.lat, 23.32, 42.69) > 1', 'p2,p4'],
    ['geoDistance(authors.loc.lon, authors.loc.lat, 23.32, 42.69) < 1', 'p1,p4'],
    ['geoDistance(author.loc.lon, author.loc.lat, 23.32, 42.69) = null', 'p3,p5'],
    ['geoDistance(0, 0, 0, 1) > 111 && geoDistance(0, 0, 0, 1) < 112', 'p1,p2,p3,p4,p5'],
    ["strftime('%Y', published) = \"2024\"", 'p2'], ["strftime('%Y', published) = \"\"", 'p1,p3,p4,p5'],
    ["strftime('%Y-%m', published, '+1 month') = \"2024-06\"", 'p2'], ["strftime('%Y', '2020-01-01') = '2020'", 'p1,p2,p3,p4,p5'],
    ["strftime('%Y', @now) = strftime('%Y')", 'p1,p2,p3,p4,p5'],
  ] }],
  'datetime macros compare as canonical date strings': [{ cases: [
    ['@now > "2020" && @yesterday < @now && @tomorrow > @now', 'p1,p2,p3,p4,p5'],
    ['@todayStart <= @now && @todayEnd >= @now && @monthStart <= @todayStart && @monthEnd >= @todayEnd', 'p1,p2,p3,p4,p5'],
    ['@yearStart <= @monthStart && @yearEnd >= @monthEnd', 'p1,p2,p3,p4,p5'],
    ['@second >= 0 && @minute >= 0 && @hour >= 0 && @day >= 1 && @month >= 1 && @weekday >= 0 && @year > 2000', 'p1,p2,p3,p4,p5'],
    ['published < @now', 'p1,p2,p3,p4,p5'], ['published > @yearStart', ''],
  ] }],
  'operator precedence follows SQL (AND before OR)': [{ cases: [
    ['id = "p1" || title = "x" && views = 5', 'p1'], ['(id = "p1" || title = "x") && views = 1', 'p4'],
    ['title = "x" && (views = 1 || (views = 2))', 'p4'], ['title = "x" // trailing comment', 'p4'],
  ] }],
};

/** `@request.*` identifiers evaluated against real rows. */
export const requestFilterCases: Record<string, CaseGroup[]> = {
  '@request.auth: NULL for guests, static plain fields, joins for the rest': [{ request: {}, cases: [
    ['@request.auth.id = ""', all], ['@request.auth.id != ""', ''], ['@request.auth.role = null', all],
    ['@request.auth.id = author.owner', 'p3,p4,p5'],
  ] }, { request: { auth: ann }, cases: [
    ['@request.auth.id != ""', all], ['@request.auth.id = "u1" && @request.auth.collectionName = "users"', all],
    ['@request.auth.collectionId = "_pb_users_"', all], ['@request.auth.verified = true && @request.auth.emailVisibility = true', all],
    ['@request.auth.email = "ann@x.io"', all], ['@request.auth.role = "admin"', all], ['@request.auth.role = "user"', ''],
    ['@request.auth.tokenKey = "k1"', all], ['@request.auth.nope = null', all], ['@request.auth.email:lower = "ann@x.io"', all],
    ['@request.auth.friends.name ?= "Bob"', all], ['@request.auth.friends.name = "Ann"', ''], ['@request.auth.friends:length = 1', all],
    ['@request.auth.profiles_via_user.bio = "hello"', all], ['@request.auth.nope_via_x.bio = null', all],
    ['author.owner = @request.auth.id', 'p1'], ['author.owner.role = @request.auth.role', 'p1'],
    ['authors.owner ?= @request.auth.id', 'p1,p4'],
  ] }, { request: { auth: bob }, cases: [
    ['author.owner = @request.auth.id', 'p2'], ['@request.auth.profiles_via_user.bio = null', all],
  ] }],
  '@request.query, headers, method and context are parameters': [{ request: { query: { page: '2', views: '5', empty: '' }, headers: { x_token: 'T' }, method: 'PATCH', context: 'expand' }, cases: [
    ['@request.query.page = "2"', all], ['@request.query.page = 2', ''], ['views = @request.query.views', 'p1'],
    ['@request.query.empty:isset = true', all], ['@request.query.missing:isset = true', ''], ['@request.query.missing = null', all],
    ['@request.query.empty = null', all], ['@request.query.page:lower = "2"', all],
    ['@request.headers.x_token = "T"', all], ['@request.headers.x_token:lower = "t"', all],
    ['@request.method = "PATCH"', all], ['@request.context = "expand"', all], ['@request.context = "default"', ''],
  ] }, { request: {}, cases: [
    ['@request.context = "default"', all], ['@request.method = ""', all],
  ] }],
  '@request.body: values, :isset, :changed, :length, :each, :lower': [{ request: { body: { title: 'x', views: '5', tags: ['a', 'b'], cat: 'y', draft: true, meta: { a: [7, 8] }, nope: 1 } }, cases: [
    ['@request.body.title = "x"', all], ['@request.body.title:isset = true', all], ['@request.body.author:isset = false', all],
    ['@request.body.title:changed = true', 'p1,p2,p3,p5'], ['@request.body.title:changed = false', 'p4'],
    ['@request.body.views = 5 && views = @request.body.views', 'p1'], ['@request.body.draft = true', all],
    ['@request.body.tags:length = 2', all], ['@request.body.tags:each ?= "b"', all], ['@request.body.tags:each = "b"', ''],
    ['@request.body.tags:each != "c"', all], ['@request.body.tags:each ?= tags:each', 'p1,p2'],
    ['@request.body.cat:length = 1', all], ['@request.body.cat:each = "y"', all], ['@request.body.title:lower = "x"', all],
    ['@request.body.meta.a.1 = 8', all], ['@request.body.meta = \'{"a":[7,8]}\'', all], ['@request.body.nope:isset = true', all],
    ['@request.body.nope = 1', all], ['@request.body.missing = null', all], ['title ~ @request.body.title', 'p2,p4'],
  ] }, { request: { body: { tags: ['b'], title: '5' } }, cases: [
    ['@request.body.tags:each = "b"', all], ['@request.body.title:changed = false', 'p1'],
  ] }, { request: { body: {} }, cases: [
    ['@request.body.tags:length = 0', all], ['@request.body.title:changed = false', all],
  ] }],
  '@request.body relation paths resolve the submitted ids': [{ request: { body: { author: 'a1', authors: ['a1', 'a2'] } }, cases: [
    ['@request.body.author.name = "ann"', all], ['@request.body.author.name = "bob"', ''],
    ['@request.body.authors.name ?= "bob"', all], ['@request.body.authors.name = "bob"', ''],
    ['@request.body.authors.owner.name ?= "Bob"', all], ['@request.body.author.nope = null', all],
  ] }, { request: { body: { authors: '["a2"]' } }, cases: [
    ['@request.body.authors.name = "bob"', all],
  ] }, { request: { body: {} }, cases: [
    ['@request.body.author.name = null', all],
  ] }],
};
