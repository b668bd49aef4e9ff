-- The first campaign: the Autoriteit Persoonsgegevens' warning of 24 September 2025 about
-- LinkedIn training generative AI on member data from 3 November 2025 (00:00 in Amsterdam).
-- Its deadline has passed, so it ships closed.
INSERT INTO campaign (id, slug, platform, status, deadline, time_zone, waves, content, data_erasure_at)
VALUES (
  '6f1c1f0e-54b4-4c6b-9a8e-2f0c8f3c1a01',
  'linkedin-ai-training',
  'LinkedIn',
  'CLOSED',
  '2025-11-03T00:00:00+01:00',
  'Europe/Amsterdam',
  '[
    {"key": "14d", "before": "P14D", "sendAt": "09:00"},
    {"key": "7d", "before": "P7D", "sendAt": "09:00"},
    {"key": "3d", "before": "P3D", "sendAt": "09:00"},
    {"key": "1d", "before": "P1D", "sendAt": "09:00"}
  ]',
  '{
    "EN": {
      "title": "Stop LinkedIn training AI on your profile",
      "summary": "LinkedIn is going to use the profiles and public posts of its members in the EU, the EEA, the UK and Switzerland to train AI models that generate content. The setting that allows this is on unless you switch it off: LinkedIn relies on its legitimate interests, so saying nothing counts as agreeing. The Dutch data protection authority, the Autoriteit Persoonsgegevens, advised on 24 September 2025 that everyone who objects should switch it off in time. It has received complaints and says it is not settled that LinkedIn may go ahead; the Irish Data Protection Commission is LinkedIn''s lead supervisor.",
      "steps": [
        "On the website, open Settings & Privacy and then Data privacy.",
        "Choose Data for Generative AI Improvement.",
        "Switch off \"Use my data for training content creation AI models\".",
        "In the app: tap your profile photo, then Settings, then Data privacy, and choose the same item."
      ],
      "settingUrl": "https://www.linkedin.com/mypreferences/d/settings/data-for-ai-improvement",
      "risks": [
        "Once your data is inside an AI model you lose control over it: it cannot simply be taken out again, and what follows from it is hard to foresee.",
        "You shared your profile and posts, some of them twenty years ago, without any idea they would one day train AI.",
        "Posts can reveal sensitive things, such as your health, ethnic background, religion or political views, which call for particular care.",
        "Switching off after the deadline only stops future training: what has already been used cannot be taken back."
      ],
      "coverage": "It covers your profile (name, photo, current position, work history, education, location and skills) and your public posts, articles, comments and polls, going back to 2003. Private messages are not covered, and neither is data of minors. A separate LinkedIn change on the same date, about sharing data with Microsoft for advertising, has its own opt-out."
    },
    "NL": {
      "title": "Voorkom dat LinkedIn AI traint met jouw profiel",
      "summary": "LinkedIn gaat de profielen en openbare berichten van zijn leden in de EU, de EER, het VK en Zwitserland gebruiken om AI-modellen te trainen die content maken. De instelling die dat toestaat staat aan, tenzij je hem uitzet: LinkedIn beroept zich op zijn gerechtvaardigd belang, dus wie niets doet, stemt in. De Autoriteit Persoonsgegevens riep op 24 september 2025 iedereen die bezwaar heeft op de instelling op tijd uit te zetten. De AP kreeg klachten en vindt het niet vanzelfsprekend dat LinkedIn dit mag; de Ierse Data Protection Commission is de leidende toezichthouder voor LinkedIn.",
      "steps": [
        "Open op de website Instellingen & Privacy en daarna Gegevensprivacy.",
        "Kies Gegevens voor verbetering van generatieve AI.",
        "Zet \"Mijn gegevens gebruiken voor training van AI-modellen waarmee content wordt gemaakt\" uit.",
        "In de app: tik op je profielfoto, dan Instellingen, dan Gegevensprivacy, en kies hetzelfde onderdeel."
      ],
      "settingUrl": "https://www.linkedin.com/mypreferences/d/settings/data-for-ai-improvement",
      "risks": [
        "Zitten je gegevens eenmaal in een AI-model, dan heb je er geen grip meer op: ze zijn er niet zomaar uit te halen en de gevolgen zijn moeilijk te overzien.",
        "Je deelde je profiel en berichten, soms twintig jaar geleden, zonder te vermoeden dat ze ooit AI zouden trainen.",
        "Berichten kunnen gevoelige dingen verraden, zoals je gezondheid, afkomst, geloof of politieke voorkeur, en daar hoort extra zorg bij.",
        "Zet je de instelling na de deadline uit, dan stopt alleen de training vanaf dat moment: wat al gebruikt is, krijg je niet terug."
      ],
      "coverage": "Het gaat om je profiel (naam, foto, huidige functie, werkervaring, opleiding, locatie en vaardigheden) en je openbare berichten, artikelen, reacties en peilingen, terug tot 2003. Privéberichten vallen er niet onder, en gegevens van minderjarigen ook niet. Een aparte wijziging van LinkedIn op dezelfde datum, over het delen van gegevens met Microsoft voor advertenties, heeft een eigen bezwaarmogelijkheid."
    }
  }',
  '2025-12-03T00:00:00+01:00'
);
