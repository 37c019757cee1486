import { describe, expect, it } from 'vitest';
import {
  dramaNameOf,
  keywordsOf,
  matchTermsOf,
  matchVideo,
} from '../../src/verification/keyword-match.js';

const task = { title: '短剧任务《霸道总裁爱上我》', keywords_template: '霸道总裁,爱情，豪门' };

describe('matching a video to its task', () => {
  it('reads the drama name between 《》 and keywords split on any comma', () => {
    expect(dramaNameOf(task.title)).toBe('霸道总裁爱上我');
    expect(keywordsOf(task.keywords_template)).toEqual(['霸道总裁', '爱情', '豪门']);
  });

  it('passes a video whose title names the drama, with the share of keywords found', () => {
    const details = matchVideo(task, { title: '霸道总裁爱上我 第1集 #爱情', authorName: 'fan' });
    expect(details).toEqual({
      matched: true,
      match_rate: 75,
      matched_keywords: ['霸道总裁爱上我', '霸道总裁', '爱情'],
    });
  });

  it('fails a video that has keywords but not the drama name', () => {
    const details = matchVideo(task, { title: '霸道总裁 爱情 豪门 合集', authorName: 'fan' });
    expect(details.matched).toBe(false);
    expect(details.matched_keywords).toEqual(['霸道总裁', '爱情', '豪门']);
  });

  it('ignores case, full-width letters and spaces', () => {
    const english = { title: 'Clip of 《CEO Love》', keywords_template: null };
    expect(matchVideo(english, { title: 'ｃｅｏ  love ep 3', authorName: '' }).matched).toBe(true);
  });

  it('finds keywords in the author name too', () => {
    const plain = { title: 'Daily drama', keywords_template: 'dramaclub' };
    expect(matchVideo(plain, { title: 'episode 1', authorName: 'DramaClub' }).matched).toBe(true);
  });

  it('needs the whole title when a task has neither drama name nor keywords', () => {
    const bare = { title: 'Secret Heiress', keywords_template: '' };
    expect(matchVideo(bare, { title: 'the secret heiress ep1', authorName: '' }).matched).toBe(
      true,
    );
    expect(matchVideo(bare, { title: 'cooking show', authorName: '' })).toEqual({
      matched: false,
      match_rate: 0,
      matched_keywords: [],
    });
  });

  it.each([
    ['"#"', '#'],
    ['"＃" and spaces', ' ＃ , # ,  '],
  ])('does not let keywords of only %s match every video', (_name, keywords) => {
    const hashOnly = { title: 'Secret Heiress', keywords_template: keywords };
    expect(matchVideo(hashOnly, { title: 'cooking show', authorName: 'chef' })).toEqual({
      matched: false,
      match_rate: 0,
      matched_keywords: [],
    });
    expect(matchTermsOf(hashOnly)).toEqual({ drama: undefined, terms: ['Secret Heiress'] });
  });

  it('ignores an empty keyword among usable ones', () => {
    const mixed = { title: 'Daily drama', keywords_template: '#, dramaclub' };
    expect(matchVideo(mixed, { title: 'cooking show', authorName: '' }).matched).toBe(false);
    expect(matchVideo(mixed, { title: 'DramaClub ep1', authorName: '' })).toEqual({
      matched: true,
      match_rate: 100,
      matched_keywords: ['dramaclub'],
    });
  });

  it('does not require a drama name that is empty once normalised', () => {
    const task = { title: '短剧《#》', keywords_template: 'ceo' };
    expect(matchTermsOf(task)).toEqual({ drama: undefined, terms: ['ceo'] });
    expect(matchVideo(task, { title: 'cooking', authorName: '' }).matched).toBe(false);
  });

  it('fails closed when the task gives no usable drama name, keyword or title', () => {
    const empty = { title: '# ＃', keywords_template: '#' };
    expect(matchTermsOf(empty).terms).toEqual([]);
    expect(matchVideo(empty, { title: 'anything #', authorName: 'anyone' })).toEqual({
      matched: false,
      match_rate: 0,
      matched_keywords: [],
    });
  });
});
