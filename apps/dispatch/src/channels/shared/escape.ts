const HTML_ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ENTITIES[char] ?? char);
}

/**
 * Escapes text for Slack mrkdwn: the three characters Slack reserves for its
 * control sequences, so alert text cannot forge `<!channel>` or `<url|link>`.
 */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Removes characters that end a header line, for values that become mail or HTTP headers. */
export function singleLine(text: string): string {
  return text.replace(/[\r\n\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').trim();
}
